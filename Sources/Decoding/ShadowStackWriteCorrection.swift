import X86

extension Capstone4Corrections {
    /// `0F 38 F6` without a 66 or F3 prefix is WRSSD/WRSSQ (CET), not ADCX: the mandatory prefix
    /// picks the instruction (Intel SDM Vol. 2A, ADCX; Vol. 2D, WRSS). Capstone 4 decodes
    /// `67 49 0F 38 F6 3E` as `adcx edi, dword ptr [r14d]`; the CPU raises #UD (measured: no CET
    /// at CPL3 here). Renamed, it is the instruction the model predicts #UD for.
    static func correctShadowStackWrite(_ instruction: inout Instruction) {
        guard instruction.map == .map0F38, instruction.opcode == 0xF6, instruction.prefixes.vex == nil,
              instruction.mnemonic == "adcx" || instruction.mnemonic == "adox" else { return }
        let legacy = instruction.prefixes.legacy
        let mandatory = legacy.contains(0x66) || legacy.contains(0xF3)
        guard !mandatory else { return }
        let corrected = instruction.prefixes.rexW ? "wrssq" : "wrssd"
        instruction.text = instruction.text.replacing(instruction.mnemonic, with: corrected)
        instruction.mnemonic = corrected
    }
}
