import X86

/// The shape of an instruction without its values: mnemonic, operand kinds and widths, and the
/// prefixes that change meaning. `add r64, m64 [lock]`. Divergence signatures are built on it.
enum InstructionForm {
    static func describe(_ instruction: Instruction) -> String {
        if instruction.isUndecodable { return undecodable(instruction) }
        let operands = instruction.operands.map(describe).joined(separator: ", ")
        var text = instruction.mnemonic + (operands.isEmpty ? "" : " " + operands)
        let prefixes = prefixSummary(instruction)
        if !prefixes.isEmpty { text += " [" + prefixes.joined(separator: " ") + "]" }
        return text
    }

    /// Bytes Capstone cannot decode, by the opcode and what selects among its forms but ModRM.reg:
    /// `(undecodable) vex.l1.w0.66 0f38 f7 reg`, `(undecodable) lock f3 0f 0d mem`. (Leaving /digit
    /// out keeps a group opcode the CPU runs in eight ways one corpus entry.)
    private static func undecodable(_ instruction: Instruction) -> String {
        let prefixes = instruction.prefixes
        var parts = [Instruction.undecodableMnemonic]
        if prefixes.lock { parts.append("lock") }
        if let vex = prefixes.vex {
            parts.append("vex.l\(vex.l).w\(vex.w ? 1 : 0)" + ["", ".66", ".f3", ".f2"][vex.pp])
        } else {
            if prefixes.evex { parts.append("evex") }
            if prefixes.repne { parts.append("f2") } else if prefixes.rep { parts.append("f3") }
            if prefixes.operandSizeOverride { parts.append("66") }
            if prefixes.rexW { parts.append("rex.w") }
        }
        parts.append(instruction.map.rawValue)
        parts.append(Hex.format(bytes: [instruction.opcode]))
        if let modrm = instruction.modrm { parts.append(modrm >> 6 == 3 ? "reg" : "mem") }
        return parts.joined(separator: " ")
    }

    private static func describe(_ operand: Operand) -> String {
        switch operand {
        case .register(let register):
            switch register.kind {
            case .gpr(_, let highByte): return highByte ? "r8h" : "r\(register.size * 8)"
            case .vector: return register.size == 32 ? "ymm" : "xmm"
            case .mmx: return "mm"
            case .segment: return "sreg"
            case .other: return register.name.filter(\.isLetter)
            }
        case .immediate(_, let size): return "imm\(size * 8)"
        case .memory(let memory): return "m\(memory.size * 8)" + (memory.ripRelative ? "(rip)" : "")
        }
    }

    private static func prefixSummary(_ instruction: Instruction) -> [String] {
        let prefixes = instruction.prefixes
        var parts: [String] = []
        if prefixes.lock { parts.append("lock") }
        if prefixes.rep { parts.append("rep") }
        if prefixes.repne { parts.append("repne") }
        if let segment = prefixes.segment { parts.append(segment.rawValue) }
        if prefixes.addressSizeOverride { parts.append("a32") }
        if let vex = prefixes.vex { parts.append("vex.l\(vex.l)") }
        if prefixes.vex != nil && (prefixes.operandSizeOverride || prefixes.rep || prefixes.repne || prefixes.rex != nil) {
            parts.append("legacy-before-vex")
        }
        return parts
    }
}
