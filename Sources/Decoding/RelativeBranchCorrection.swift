import X86

extension Capstone4Corrections {
    /// Capstone 4 misreads relative branches under some prefix mixes (each measured on the CPU):
    /// it ignores 66 on E8 when another prefix follows the 66 (`66 64 E8 rel16` is a five-byte
    /// CALL), takes 67 with REX.W on E8 as a 16-bit operand size (`67 48 E8 rel32` is seven
    /// bytes), and with 67 and REX.W cuts the 64-bit target of E9 and Jcc to 16 bits. The rule
    /// for E8, E9, EB, 70-7F, E0-E3 and 0F 80-8F: an 8-bit displacement for EB, 70-7F and E0-E3,
    /// else 16 bits with 66 and no REX.W, else 32 (67 never matters); the target is the next
    /// instruction plus the displacement, cut to 16 bits with 66 (AMD APM Vol. 3, near branches:
    /// Zen 4 follows it, and Capstone sizes these encodings the AMD way).
    static func correctRelativeBranch(_ instruction: inout Instruction, encoding: UnsafeBufferPointer<UInt8>, opcodeOffset: Int) {
        let displacementSize: Int
        switch (instruction.map, instruction.opcode) {
        case (.oneByte, 0xEB), (.oneByte, 0x70...0x7F), (.oneByte, 0xE0...0xE3): displacementSize = 1
        case (.oneByte, 0xE8), (.oneByte, 0xE9), (.map0F, 0x80...0x8F): displacementSize = instruction.operandSize == 16 ? 2 : 4
        default: return
        }
        let length = opcodeOffset + 1 + displacementSize
        guard instruction.prefixes.vex == nil, !instruction.prefixes.evex, length <= encoding.count, length <= 15 else { return }
        var displacement: UInt64 = 0
        for index in 0..<displacementSize {
            displacement |= UInt64(encoding[opcodeOffset + 1 + index]) << UInt64(8 * index)
        }
        let shift = UInt64(64 - 8 * displacementSize)
        let target = InstructionDecoder.address &+ UInt64(length) &+ UInt64(bitPattern: Int64(bitPattern: displacement << shift) >> shift)
        let corrected = instruction.operandSize == 16 ? target & 0xFFFF : target
        instruction.bytes = Array(encoding[0..<length])
        instruction.operands = [.immediate(corrected, size: displacementSize)]
        if let lastSpace = instruction.text.lastIndex(of: " ") {
            instruction.text = instruction.text[...lastSpace] + Hex.format(corrected)
        }
    }
}
