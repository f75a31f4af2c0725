import X86

extension Capstone4Corrections {
    /// The mnemonics Capstone 4 gives when it lost REX.W, and the ones the CPU runs (a static table:
    /// a dictionary literal in the function was built for every decode).
    private static let lostREXWQuadword = ["pinsrd": "pinsrq", "pextrd": "pextrq", "adcx": "adcx", "adox": "adox"]

    /// Capstone 4 loses REX.W after a mandatory prefix and 67 in the 0F38/0F3A maps: `66 67 48
    /// 0F 3A 16 11 40` comes out as `pextrd dword ptr [ecx], xmm2, 0x40` (with `67 66` it is
    /// right), `66 67 4D 0F 38 F6 AA ..` as `adcx r13d, dword ptr [r10d + ..]`. The CPU works on
    /// a quadword (measured: eight bytes stored, a 64-bit lane inserted, a 64-bit sum).
    static func correctLostREXW(_ instruction: inout Instruction) {
        guard instruction.prefixes.rexW, instruction.prefixes.vex == nil, !instruction.prefixes.evex,
              let corrected = lostREXWQuadword[instruction.mnemonic] else { return }
        var text = instruction.text.replacing(instruction.mnemonic, with: corrected, maxReplacements: 1)
            .replacing("dword ptr", with: "qword ptr")
        instruction.mnemonic = corrected
        instruction.operands = instruction.operands.map { operand in
            switch operand {
            case .memory(var memory):
                memory.size = 8
                return .memory(memory)
            case .register(var register):
                guard case .gpr(let gpr, _) = register.kind else { return operand }
                text = text.replacing(register.name, with: gpr.name(bytes: 8), maxReplacements: 1)
                register.size = 8
                register.name = gpr.name(bytes: 8)
                return .register(register)
            case .immediate:
                return operand
            }
        }
        instruction.text = text
        if corrected == "adcx" || corrected == "adox" { instruction.operandSize = 64 }
    }
}
