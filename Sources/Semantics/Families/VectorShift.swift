import X86

/// SSE/AVX shifts: PSLL PSRL PSRA by an immediate or by the low quadword of an XMM/m128 count,
/// PSLLDQ PSRLDQ (bytes, within each 128-bit half), and AVX2's per-element VPSLLV VPSRLV VPSRAV.
/// A count beyond the element width gives zero, or copies of the sign bit for PSRA (Intel SDM
/// Vol. 2B).
enum VectorShift: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "psllw": uniform(.word, .left), "pslld": uniform(.dword, .left), "psllq": uniform(.qword, .left),
        "psrlw": uniform(.word, .logicalRight), "psrld": uniform(.dword, .logicalRight), "psrlq": uniform(.qword, .logicalRight),
        "psraw": uniform(.word, .arithmeticRight), "psrad": uniform(.dword, .arithmeticRight),
        "pslldq": byteShift(left: true), "psrldq": byteShift(left: false),
    ]).merging([
        "vpsllvd": variable(.dword, .left), "vpsllvq": variable(.qword, .left),
        "vpsrlvd": variable(.dword, .logicalRight), "vpsrlvq": variable(.qword, .logicalRight),
        "vpsravd": variable(.dword, .arithmeticRight),
    ]) { first, _ in first }

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    private enum Direction {
        case left, logicalRight, arithmeticRight

        /// `value` (an element of `width`) shifted by `count`, which may exceed the width.
        func shift(_ value: UInt64, by count: UInt64, _ width: Width) -> UInt64 {
            switch self {
            case .left: count >= UInt64(width.bits) ? 0 : value << count
            case .logicalRight: count >= UInt64(width.bits) ? 0 : value >> count
            case .arithmeticRight: UInt64(bitPattern: LaneMath.signed(value, width) >> min(count, UInt64(width.bits - 1)))
            }
        }
    }

    /// Every element shifted by one count: an immediate (`psllw xmm1, imm8`, VEX `vpsllw xmm1,
    /// xmm2, imm8` with the destination in vvvv) or the low quadword of XMM/m128 (`psllw xmm1,
    /// xmm2/m128`, VEX `vpsllw ymm1, ymm2, xmm3/m128`) or of MM/m64 (`psllw mm, mm/m64`).
    private static func uniform(_ width: Width, _ direction: Direction) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let (first, second) = context.sourceOperands
            let source = try context.readVector(first, bytes: bytes)
            let count: UInt64
            if case .immediate = context.operands[second] {
                count = UInt64(context.immediate8(second))
            } else {
                count = try context.readVector(second, bytes: min(bytes, 16)).q0
            }
            try context.writeVector(0, source.lanewise(width, bytes: bytes) { direction.shift($0, by: count, width) }, bytes: bytes)
        }
    }

    /// PSLLDQ/PSRLDQ: each 128-bit half shifted by the immediate in bytes (16 or more clears it).
    private static func byteShift(left: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let source = try context.readVector(context.isVEX ? 1 : 0, bytes: bytes)
            let count = context.immediate8(context.operands.count - 1)
            let result = VectorSemantics.halves(source, source, bytes: bytes) { half, _ in
                var shifted = Vec256.zero
                for index in 0..<16 {
                    let from = left ? index - count : index + count
                    if (0..<16).contains(from) { shifted.setLane(index, .byte, half.lane(from, .byte)) }
                }
                return shifted
            }
            try context.writeVector(0, result, bytes: bytes)
        }
    }

    /// VPSLLV/VPSRLV/VPSRAV: each element shifted by the matching element of the second source.
    private static func variable(_ width: Width, _ direction: Direction) -> Semantic {
        VectorSemantics.binary(VectorSemantics.lanes(width) { value, count, width in direction.shift(value, by: count, width) })
    }
}
