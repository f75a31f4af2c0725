import X86

/// Corrections of Capstone 4.0.2's mistakes that would make the model run a different
/// instruction than the CPU does. Each is pinned by a test in `Capstone4QuirkTests`, so that a
/// Capstone upgrade that fixes it shows up.
enum Capstone4Corrections {
    static func apply(to instruction: inout Instruction) {
        correctOperandSizeBeforeRep(&instruction)
    }

    /// Capstone 4 drops the operand-size prefix when 66 comes before F2 or F3 on some one-byte
    /// opcodes (`66 F3 05 ff ff` comes out as `add eax, 0xffff`; `F3 66 05 ff ff` as `add ax`).
    /// Sometimes it keeps half of it (`adc dword ptr [rsi], bp`). The CPU applies 66 (measured:
    /// the 16-bit sign flag), so 32-bit operands become 16-bit; no one-byte opcode mixes a 32-bit
    /// operand with 66 legitimately.
    static func correctOperandSizeBeforeRep(_ instruction: inout Instruction) {
        let prefixes = instruction.prefixes
        guard instruction.map == .oneByte, prefixes.vex == nil, !prefixes.evex, prefixes.operandSizeOverride, !prefixes.rexW,
              let sizeOverride = prefixes.legacy.firstIndex(of: 0x66),
              let repetition = prefixes.legacy.lastIndex(where: { $0 == 0xF2 || $0 == 0xF3 }), sizeOverride < repetition else { return }
        let sizes = instruction.operands.compactMap { operand -> Int? in
            switch operand {
            case .register(let register): if case .gpr = register.kind { return register.size } else { return nil }
            case .memory(let memory): return memory.size
            case .immediate: return nil
            }
        }
        guard sizes.contains(4) else { return }
        instruction.operands = instruction.operands.map { operand in
            switch operand {
            case .register(var register):
                if case .gpr(let gpr, false) = register.kind, register.size == 4 {
                    register.size = 2
                    register.name = gpr.name(bytes: 2)
                }
                return .register(register)
            case .memory(var memory):
                if memory.size == 4 { memory.size = 2 }
                return .memory(memory)
            case .immediate:
                return operand
            }
        }
        instruction.operandSize = 16
    }
}
