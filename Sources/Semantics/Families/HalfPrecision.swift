import SoftFloat
import X86

/// F16C: VCVTPH2PS and VCVTPS2PH (Intel SDM Vol. 2C). Widening halves to singles is exact (DAZ
/// does not apply to halves); narrowing rounds in the mode imm8 selects (imm8[1:0], or MXCSR.RC
/// with imm8[2]), into the low half of an XMM register (the rest cleared) or into memory, whose
/// page and alignment faults come before #XM.
enum HalfPrecision: SemanticFamily {
    static let semantics: [String: Semantic] = ["vcvtph2ps": widen, "vcvtps2ph": narrow]

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// `vcvtph2ps xmm1, xmm2/m64` and `ymm1, xmm2/m128`.
    private static let widen = Semantic { context throws(Fault) in
        try context.checkEncoding()
        let lanes = context.vectorLength / 4
        let source = try context.readVector(1, bytes: lanes * 2)
        let environment = context.floatEnvironment
        var result = Vec256.zero
        var raised: Exceptions = []
        for lane in 0..<lanes {
            let single = Binary16.widen(UInt16(truncatingIfNeeded: source.lane(lane, .word)), environment)
            result.setLane(lane, .dword, UInt64(single.bits))
            raised.formUnion(single.exceptions)
        }
        try context.commit(raised, environment)
        try context.writeVector(0, result, bytes: context.vectorLength)
    }

    /// `vcvtps2ph xmm1/m64, xmm2, imm8` and `xmm1/m128, ymm2, imm8`.
    private static let narrow = Semantic { context throws(Fault) in
        try context.checkEncoding()
        let lanes = context.vectorLength / 4
        let source = try context.readVector(1, bytes: context.vectorLength)
        let immediate = UInt8(truncatingIfNeeded: context.immediate8(2))
        let environment = context.floatEnvironment
        var result = Vec256.zero
        var raised: Exceptions = []
        for lane in 0..<lanes {
            let half = Binary16.narrow(UInt32(truncatingIfNeeded: source.lane(lane, .dword)), immediate: immediate, environment)
            result.setLane(lane, .word, UInt64(half.bits))
            raised.formUnion(half.exceptions)
        }
        // A memory destination's faults come before #XM (measured: the don't-care test moved the
        // address and the CPU's #XM became #PF); a fault discards the store made here.
        try context.writeVector(0, result, bytes: lanes * 2)
        try context.commit(raised, environment)
    }
}
