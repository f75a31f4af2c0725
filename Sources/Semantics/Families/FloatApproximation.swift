import X86

/// RCPPS, RCPSS, RSQRTPS, RSQRTSS and their VEX forms (Intel SDM Vol. 2B): approximations of 1/x
/// and 1/sqrt(x) from the CPU's own table. Only the manuals' bound is known (|relative error| <=
/// 1.5 * 2^-12), so a normal operand's lane is an `ApproximateLane`, judged by the bound; the
/// model's register holds 0 there. What the manuals define is predicted exactly, as measured on
/// Zen 4 (`x86fuzz exec f30f53c1`, `f30f52c1`): a NaN comes back quieted; zero and denormal
/// operands count as zero whatever DAZ says and give the infinity of their sign; 1/inf is the
/// zero of its sign; 1/sqrt of a negative number or of -inf is the QNaN indefinite. MXCSR is
/// never touched: these raise no floating-point exception.
enum FloatApproximation: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "rcpps": packed(.reciprocal), "rcpss": scalar(.reciprocal),
        "rsqrtps": packed(.reciprocalSquareRoot), "rsqrtss": scalar(.reciprocalSquareRoot),
    ])

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// `op xmm1, xmm2/m128` and `vop xmm1/ymm1, xmm2/m128 / ymm2/m256`: every lane.
    private static func packed(_ function: ApproximateLane.Function) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let source = try context.readVector(1, bytes: bytes)
            guard let destination = context.vectorRegister(0) else { throw .notModelled("approximation into memory") }
            var result = Vec256.zero
            for lane in 0..<bytes / 4 {
                result.setLane(lane, .dword, UInt64(approximate(function, source, lane, into: destination, &context)))
            }
            try context.writeVector(0, result, bytes: bytes)
        }
    }

    /// `op xmm1, xmm2/m32` (the rest of xmm1 kept) and `vop xmm1, xmm2, xmm3/m32` (the rest from
    /// xmm2, bits 255:128 cleared).
    private static func scalar(_ function: ApproximateLane.Function) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let (first, second) = context.sourceOperands
            var result = try context.readVector(first, bytes: 16)
            let source = try context.readVector(second, bytes: 4)
            guard let destination = context.vectorRegister(0) else { throw .notModelled("approximation into memory") }
            result.setLane(0, .dword, UInt64(approximate(function, source, 0, into: destination, &context)))
            try context.writeVector(0, result, bytes: 16)
        }
    }

    /// Lane `lane` of the result: exact where the manuals define it, else 0 with the lane recorded
    /// as approximate.
    private static func approximate(_ function: ApproximateLane.Function, _ source: Vec256, _ lane: Int,
                                    into register: Int, _ context: inout ExecutionContext) -> UInt32 {
        let input = UInt32(truncatingIfNeeded: source.lane(lane, .dword))
        let sign = input & 0x8000_0000, exponent = (input >> 23) & 0xFF, fraction = input & 0x7F_FFFF
        let indefinite: UInt32 = 0xFFC0_0000
        switch exponent {
        case 0xFF where fraction != 0: return input | 0x40_0000
        case 0xFF: return function == .reciprocal || sign == 0 ? sign : indefinite
        case 0: return sign | 0x7F80_0000
        default:
            if function == .reciprocalSquareRoot && sign != 0 { return indefinite }
            context.approximateLanes.append(ApproximateLane(register: register, lane: lane, function: function, input: input))
            return 0
        }
    }
}
