import X86

/// Corrections of Capstone 4.0.2's mistakes that would make the model run a different
/// instruction than the CPU does. Each is pinned by a test in `Capstone4QuirkTests`, so that a
/// Capstone upgrade that fixes it shows up.
enum Capstone4Corrections {
    static func apply(to instruction: inout Instruction) {
        correctOperandSizeBeforeRep(&instruction)
        correctMemorySizeBeforeRep(&instruction)
        correctMandatoryF3(&instruction)
        correctMandatoryF2(&instruction)
        correctAccumulatorExchange(&instruction)
        correctPushImmediateBeforeRep(&instruction)
        correctLostREXW(&instruction)
        correctShadowStackWrite(&instruction)
    }

    /// True when 66 comes before the last F2 or F3, the order Capstone 4 mishandles.
    static func operandSizeOverrideBeforeRep(_ instruction: Instruction) -> Bool {
        let prefixes = instruction.prefixes
        guard prefixes.vex == nil, !prefixes.evex, prefixes.operandSizeOverride, !prefixes.rexW,
              let sizeOverride = prefixes.legacy.firstIndex(of: 0x66),
              let repetition = prefixes.legacy.lastIndex(where: { $0 == 0xF2 || $0 == 0xF3 }) else { return false }
        return sizeOverride < repetition
    }

    /// Capstone 4 drops the operand-size prefix when 66 comes before F2 or F3 on some one-byte
    /// opcodes (`66 F3 05 ff ff` comes out as `add eax, 0xffff`; `F3 66 05 ff ff` as `add ax`).
    /// Sometimes it keeps half of it (`adc dword ptr [rsi], bp`). The CPU applies 66 (measured:
    /// the 16-bit sign flag), so 32-bit operands become 16-bit; no one-byte opcode mixes a 32-bit
    /// operand with 66 legitimately. The x87 escapes (D8-DF) ignore 66: their m32 stays 32 bits.
    static func correctOperandSizeBeforeRep(_ instruction: inout Instruction) {
        guard instruction.map == .oneByte, !(0xD8...0xDF).contains(instruction.opcode),
              operandSizeOverrideBeforeRep(instruction) else { return }
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

    /// In the 0F map the same prefix order makes Capstone 4 keep the registers at 16 bits but an
    /// operand-sized memory operand at 32 (`66 F2 0F BB 56 07` comes out as `btc dword ptr
    /// [rsi + 7], dx`, `66 F2 0F BA 22 FF` as `bt dword ptr [rdx], 0xff`); the CPU accesses a word
    /// (measured: the bit offset wraps at 16, the access moves by words). Integer instructions
    /// only: SSE ones take F2/F3 as their mandatory prefix and keep their sizes.
    static func correctMemorySizeBeforeRep(_ instruction: inout Instruction) {
        guard instruction.map == .map0F, instruction.groups.isDisjoint(with: [.vector, .fpu]),
              operandSizeOverrideBeforeRep(instruction) else { return }
        var memoryIndex: Int?
        for (index, operand) in instruction.operands.enumerated() {
            switch operand {
            case .register(let register): if case .gpr = register.kind, register.size <= 2 { continue } else { return }
            case .memory(let memory): if memory.size == 4 { memoryIndex = index }
            case .immediate: continue
            }
        }
        guard let memoryIndex, case .memory(var memory) = instruction.operands[memoryIndex] else { return }
        memory.size = 2
        instruction.operands[memoryIndex] = .memory(memory)
    }

    /// Capstone 4 loses a mandatory F3 that another prefix follows: `F3 66 0F BD C3` comes out as
    /// `bsr ax, bx`, `F3 65 0F BC ..` as `bsf`, and `F3 66 0F 38 F6` as `adcx`. The CPU takes the
    /// last of F2/F3 wherever the other prefixes sit (measured: LZCNT's CF and count, ADOX's use
    /// of OF), so these are LZCNT, TZCNT and ADOX.
    static func correctMandatoryF3(_ instruction: inout Instruction) {
        guard instruction.prefixes.rep, instruction.prefixes.vex == nil else { return }
        let corrected: String
        switch (instruction.map, instruction.mnemonic) {
        case (.map0F, "bsf"): corrected = "tzcnt"
        case (.map0F, "bsr"): corrected = "lzcnt"
        case (.map0F38, "adcx"): corrected = "adox"
        default: return
        }
        var words = instruction.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if let index = words.firstIndex(of: instruction.mnemonic) { words[index] = corrected }
        instruction.text = words.joined(separator: " ")
        instruction.mnemonic = corrected
    }
}
