// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// The x87 unit's control and state instructions (Intel SDM Vol. 1, 8.3.12; Vol. 2 per
    /// instruction). None is modelled yet: x87 semantics are issue 16's next part, and a focus on
    /// `x87` draws these so that a campaign already sees them.
    static let x87: [Form] = [
        Form("fninit", "DB ModRM=E3", "", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fnclex", "DB ModRM=E2", "", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fnop", "D9 ModRM=D0", "", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fdecstp", "D9 ModRM=F6", "", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fincstp", "D9 ModRM=F7", "", feature: "FPU", model: .notModelled(x87Pending)),
        Form("ffree", "DD /0 reg", "st(i)", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fnstsw", "DF ModRM=E0", "ax", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fnstsw", "DD /7 mem", "m16", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fnstcw", "D9 /7 mem", "m16", feature: "FPU", model: .notModelled(x87Pending)),
        Form("fldcw", "D9 /5 mem", "m16", feature: "FPU", model: .notModelled(x87Pending)),
        Form("wait", "9B", "", feature: "FPU", model: .notModelled(x87Pending), aliases: ["fwait"]),
    ]

    private static let x87Pending = "x87 instructions are not modelled yet (issue 16, x87 part)"
}
