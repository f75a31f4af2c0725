import SoftFloat
import X86

/// DPPS and DPPD, legacy and VEX (Intel SDM Vol. 2A, DPPS, DPPD): in each 128-bit half, the
/// products imm8[7:4] selects (+0.0 for the others), summed in pairs and then together, each step
/// rounded under MXCSR; the sum goes to the lanes imm8[3:0] selects, +0.0 to the rest.
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
            var result = Vec256.zero
            var raised: Exceptions = []
            for half in 0..<bytes / 16 {
                var terms: [F.Bits] = []
                for index in 0..<perHalf {
                    let lane = half * perHalf + index
                    guard immediate >> (4 + index) & 1 == 1 else {
                        terms.append(0)
                        continue
                    }
                    let product = F.multiply(FloatLanes.lane(a, lane, format), FloatLanes.lane(b, lane, format), environment)
                    raised.formUnion(product.exceptions)
                    terms.append(product.bits)
                }
                while terms.count > 1 {
                    var sums: [F.Bits] = []
                    for pair in stride(from: 0, to: terms.count, by: 2) {
                        let sum = F.add(terms[pair], terms[pair + 1], environment)
                        raised.formUnion(sum.exceptions)
                        sums.append(sum.bits)
                    }
                    terms = sums
                }
                for index in 0..<perHalf where immediate >> index & 1 == 1 {
                    FloatLanes.setLane(&result, half * perHalf + index, format, terms[0])
                }
            }
            try context.commit(raised, environment)
            try context.writeVector(0, result, bytes: bytes)
        }
    }
}
