import X86

extension Capstone4Corrections {
    /// With 66 before F2 or F3, Capstone 4 reads PUSH imm (68) with a 4-byte immediate (`66 F2 68
    /// 80 80 11 11` comes out as the 7-byte `push 0x11118080`). The CPU applies the 66: a 5-byte
    /// instruction pushing the word 0x8080 (measured). REX.W still makes it imm32.
    static func correctPushImmediateBeforeRep(_ instruction: inout Instruction) {
        guard instruction.map == .oneByte, instruction.opcode == 0x68, operandSizeOverrideBeforeRep(instruction),
              case .immediate(let value, 4)? = instruction.operands.first else { return }
        instruction.bytes.removeLast(2)
        instruction.operands = [.immediate(value & 0xFFFF, size: 2)]
        instruction.text = "push \(Hex.format(value & 0xFFFF))"
    }
}
