// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// The x87 unit's control and state instructions (Intel SDM Vol. 1, 8.3.12; Vol. 2 per
    /// instruction), modelled by `X87Control`. The data and arithmetic instructions are issue
    /// 16's next part.
    static let x87: [Form] = [
        Form("fninit", "DB ModRM=E3", "", feature: "FPU"),
        Form("fnclex", "DB ModRM=E2", "", feature: "FPU"),
        Form("fnop", "D9 ModRM=D0", "", feature: "FPU"),
        Form("fdecstp", "D9 ModRM=F6", "", feature: "FPU"),
        Form("fincstp", "D9 ModRM=F7", "", feature: "FPU"),
        Form("ffree", "DD /0 reg", "st(i)", feature: "FPU"),
        Form("fnstsw", "DF ModRM=E0", "r16", feature: "FPU"),
        Form("fnstsw", "DD /7 mem", "m16", feature: "FPU"),
        Form("fnstcw", "D9 /7 mem", "m16", feature: "FPU"),
        Form("fldcw", "D9 /5 mem", "m16", feature: "FPU"),
        Form("wait", "9B", "", feature: "FPU", aliases: ["fwait"]),
    ]
}
