import SoftFloat
import X86

/// SSE and AVX floating-point arithmetic, legacy and VEX (Intel SDM Vol. 2: ADDPS ... SUBSD,
/// MINPS ... MAXSD, SQRTPS ... SQRTSD, ADDSUBPS/PD, HADDPS/PD, HSUBPS/PD): each lane through
/// `SoftFloat` under MXCSR's rounding, DAZ, FTZ and masks, with x86's NaN and MIN/MAX rules there;
/// the flags of all lanes go into MXCSR, or an unmasked one raises #XM and writes nothing.
enum FloatArithmetic: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        register(Binary32.self, "s", into: &table)
        register(Binary64.self, "d", into: &table)
        return VectorSemantics.withVEXNames(table)
    }()

    /// The `ps`/`ss` (or `pd`/`sd`) instructions of one format.
    private static func register<F: FloatFormat>(_ format: F.Type, _ suffix: String, into table: inout [String: Semantic]) {
        let operations: [(String, FloatLanes.Binary<F>)] = [
            ("add", F.add), ("sub", F.subtract), ("mul", F.multiply), ("div", F.divide), ("min", F.minimum), ("max", F.maximum),
        ]
        for (stem, operation) in operations {
            table[stem + "p" + suffix] = FloatLanes.packed(format, operation)
            table[stem + "s" + suffix] = FloatLanes.scalar(format, operation)
        }
        table["sqrtp" + suffix] = FloatLanes.packedUnary(format) { x, _, environment in F.squareRoot(x, environment) }
        table["sqrts" + suffix] = FloatLanes.scalarUnary(format) { x, _, environment in F.squareRoot(x, environment) }
        table["addsubp" + suffix] = FloatLanes.packed(format, F.subtract, odd: F.add)
        table["haddp" + suffix] = horizontal(format, F.add)
        table["hsubp" + suffix] = horizontal(format, F.subtract)
    }

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// HADD/HSUB: in each 128-bit half, the lanes of the first source in pairs (lower lane first),
    /// then those of the second: `[a0 op a1, a2 op a3, b0 op b1, b2 op b3]` for singles.
    private static func horizontal<F: FloatFormat>(_ format: F.Type, _ operation: @escaping FloatLanes.Binary<F>) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let (first, second) = context.sourceOperands
            let a = try context.readVector(first, bytes: bytes)
            let b = try context.readVector(second, bytes: bytes)
            let environment = context.floatEnvironment
            let perHalf = 16 / (F.Bits.bitWidth / 8)
            var result = Vec256.zero
            var raised: Exceptions = []
            for half in 0..<bytes / 16 {
                for index in 0..<perHalf {
                    let source = index < perHalf / 2 ? a : b
                    let pair = half * perHalf + 2 * (index % (perHalf / 2))
                    let lane = operation(FloatLanes.lane(source, pair, format), FloatLanes.lane(source, pair + 1, format), environment)
                    FloatLanes.setLane(&result, half * perHalf + index, format, lane.bits)
                    raised.formUnion(lane.exceptions)
                }
            }
            try context.commit(raised, environment)
            try context.writeVector(0, result, bytes: bytes)
        }
    }
}
