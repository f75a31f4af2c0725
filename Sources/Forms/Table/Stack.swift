// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// Pushes and pops of registers, memory, immediates, segment registers and flags; ENTER, LEAVE.
    static let stack: [Form] = [
        Form("push", "50", "r64"),
        Form("push", "51", "r64"),
        Form("push", "52", "r64"),
        Form("push", "53", "r64"),
        Form("push", "54", "r64"),
        Form("push", "55", "r64"),
        Form("push", "56", "r64"),
        Form("push", "57", "r64"),
        Form("push", "68", "imm32"),
        Form("push", "6A", "imm8"),
        Form("push", "FF /6", "r/m64"),
        Form("push", "0F A0", "sreg", model: .notModelled("segment registers: kvm_pvm runs them on the host GDT and selectors (docs/PLATFORM.md)")),
        Form("push", "0F A8", "sreg", model: .notModelled("segment registers: kvm_pvm runs them on the host GDT and selectors (docs/PLATFORM.md)")),
        Form("pop", "58", "r64"),
        Form("pop", "59", "r64"),
        Form("pop", "5A", "r64"),
        Form("pop", "5B", "r64"),
        Form("pop", "5C", "r64"),
        Form("pop", "5D", "r64"),
        Form("pop", "5E", "r64"),
        Form("pop", "5F", "r64"),
        Form("pop", "8F /0", "r/m64"),
        Form("pop", "0F A1", "sreg", model: .notModelled("segment registers: kvm_pvm runs them on the host GDT and selectors (docs/PLATFORM.md)")),
        Form("pop", "0F A9", "sreg", model: .notModelled("segment registers: kvm_pvm runs them on the host GDT and selectors (docs/PLATFORM.md)")),
        Form("pushfq", "9C", "", reads: "all", manual: "PUSHFQ"),
        Form("pushf", "66 9C", "", reads: "all", manual: "PUSHF"),
        Form("popfq", "9D", "", writes: "status df tf nt ac id", manual: "POPFQ"),
        Form("popf", "66 9D", "", writes: "status df tf nt ac id", manual: "POPF"),
        Form("enter", "C8", "imm16, imm8"),
        Form("leave", "C9", ""),
    ]
}
