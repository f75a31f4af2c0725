// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// Half-precision conversions (F16C).
    static let halfPrecision: [Form] = [
        // Conversions (Intel SDM Vol. 2A, CVTDQ2PD ... CVTTSS2SI); the MMX ones name an mm register.
        Form("vcvtph2ps", "VEX.L.66.0F38.W0 13 /r", "xmm, xmm/m64 | ymm, xmm/m128", feature: "F16C"),
        Form("vcvtps2ph", "VEX.L.66.0F3A.W0 1D /r", "xmm/m64, xmm, imm8 | xmm/m128, ymm, imm8", feature: "F16C"),
    ]
}
