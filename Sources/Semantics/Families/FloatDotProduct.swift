import SoftFloat
import X86

/// DPPS and DPPD, legacy and VEX (Intel SDM Vol. 2A, DPPS, DPPD): in each 128-bit half, the
/// products imm8[7:4] selects (+0.0 for the others), summed in pairs and then together, each step
/// rounded under MXCSR; the sum goes to the lanes imm8[3:0] selects, +0.0 to the rest. Each stage
/// (the products, the pair sums, the final sum) records its flags as a packed instruction does,
/// and an unmasked one raises #XM before the next stage runs (measured: DE of a denormal product
/// in the sum is not recorded when the products' PE was unmasked, and is after a masked UE).
enum FloatDotProduct: SemanticFamily {
    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "dpps": dotProduct(Binary32.self), "dppd": dotProduct(Binary64.self),
    ])

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    private static func dotProduct<F: FloatFormat>(_ format: F.Type) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let (first, second) = context.sourceOperands
            let a = try context.readVector(first, bytes: bytes)
            let b = try context.readVector(second, bytes: bytes)
            let immediate = context.immediate8(context.operands.count - 1)
            let environment = context.floatEnvironment
            let perHalf = 16 / (F.Bits.bitWidth / 8)
            let halves = bytes / 16
            var recorded: Exceptions = []
            // Stage 1: the selected products of every half (+0.0 for the others).
            var terms: [[F.Bits]] = []
            var raised: Exceptions = []
            for half in 0..<halves {
                terms.append((0..<perHalf).map { index in
                    let lane = half * perHalf + index
                    guard immediate >> (4 + index) & 1 == 1 else { return 0 }
                    let product = F.multiply(FloatLanes.lane(a, lane, format), FloatLanes.lane(b, lane, format), environment)
                    raised.formUnion(product.exceptions)
                    return product.bits
                })
            }
            try context.endStage(raised, environment, recorded: &recorded)
            // Stages 2 (and 3 for singles): the terms summed in pairs, then the pair sums.
            while terms[0].count > 1 {
                raised = []
                terms = terms.map { row in
                    stride(from: 0, to: row.count, by: 2).map { pair in
                        let sum = F.add(row[pair], row[pair + 1], environment)
                        raised.formUnion(sum.exceptions)
                        return sum.bits
                    }
                }
                try context.endStage(raised, environment, recorded: &recorded)
            }
            var result = Vec256.zero
            for half in 0..<halves {
                for index in 0..<perHalf where immediate >> index & 1 == 1 {
                    FloatLanes.setLane(&result, half * perHalf + index, format, terms[half][0])
                }
            }
            context.vector.mxcsr |= recorded.rawValue
            try context.writeVector(0, result, bytes: bytes)
        }
    }
}

extension ExecutionContext {
    /// Ends one stage of a multi-step operation: its flags join `recorded`, and where one of them is
    /// unmasked, #XM with every flag recorded so far.
    fileprivate func endStage(_ raised: Exceptions, _ environment: FloatEnvironment, recorded: inout Exceptions) throws(Fault) {
        let stage = environment.recorded(raised)
        recorded.formUnion(stage)
        if environment.faults(stage) { throw .simdFloatingPoint(mxcsr: vector.mxcsr | recorded.rawValue) }
    }
}
