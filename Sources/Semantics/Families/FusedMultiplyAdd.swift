import SoftFloat
import X86

/// FMA3: VFMADD, VFMSUB, VFNMADD, VFNMSUB, VFMADDSUB, VFMSUBADD in their 132, 213 and 231 forms,
/// packed and scalar (Intel SDM Vol. 2C, VFMADD132PS ...): one rounding for the product and the
/// sum. The digits name the operands: 132 is `xmm1 * xmm3 + xmm2`, 213 `xmm2 * xmm1 + xmm3`, 231
/// `xmm2 * xmm3 + xmm1`, and the first NaN in that order is the result. AMD's FMA4 encodings are
/// a profile question: where the CPU does not run them, #UD.
enum FusedMultiplyAdd: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        register(Binary32.self, "s", into: &table)
        register(Binary64.self, "d", into: &table)
        for stem in ["fmadd", "fmsub", "fnmadd", "fnmsub"] {
            for suffix in ["ps", "pd", "ss", "sd"] { table["v" + stem + suffix] = fourOperand }
        }
        for name in ["vfmaddsubps", "vfmaddsubpd", "vfmsubaddps", "vfmsubaddpd"] { table[name] = fourOperand }
        return table
    }()

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// Which of operands 0 (xmm1), 1 (xmm2) and 2 (xmm3/m) multiply and which is added.
    private static let orders: [(digits: String, product: (Int, Int), addend: Int)] = [
        ("132", (0, 2), 1), ("213", (1, 0), 2), ("231", (1, 2), 0),
    ]

    private static func register<F: FloatFormat>(_ format: F.Type, _ suffix: String, into table: inout [String: Semantic]) {
        let signs: [(stem: String, negateProduct: Bool, negateAddend: Bool)] = [
            ("fmadd", false, false), ("fmsub", false, true), ("fnmadd", true, false), ("fnmsub", true, true),
        ]
        for order in orders {
            for sign in signs {
                table["v" + sign.stem + order.digits + "p" + suffix] =
                    fused(format, order, packed: true) { _ in (sign.negateProduct, sign.negateAddend) }
                table["v" + sign.stem + order.digits + "s" + suffix] =
                    fused(format, order, packed: false) { _ in (sign.negateProduct, sign.negateAddend) }
            }
            // Even lanes subtract for FMADDSUB and add for FMSUBADD; odd lanes the other way.
            table["vfmaddsub" + order.digits + "p" + suffix] = fused(format, order, packed: true) { lane in (false, lane & 1 == 0) }
            table["vfmsubadd" + order.digits + "p" + suffix] = fused(format, order, packed: true) { lane in (false, lane & 1 == 1) }
        }
    }

    /// The lanes of `op xmm1, xmm2, xmm3/m` (or ymm); a scalar form computes lane 0 and keeps
    /// the rest of xmm1 (bits 255:128 cleared, as for every VEX.128 result).
    private static func fused<F: FloatFormat>(_ format: F.Type, _ order: (digits: String, product: (Int, Int), addend: Int),
                                              packed: Bool,
                                              _ signs: @escaping @Sendable (Int) -> (negateProduct: Bool, negateAddend: Bool)) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let elementBytes = F.Bits.bitWidth / 8
            let bytes = packed ? context.vectorLength : 16
            let operands = [try context.readVector(0, bytes: bytes), try context.readVector(1, bytes: bytes),
                            try context.readVector(2, bytes: packed ? bytes : elementBytes)]
            let environment = context.floatEnvironment
            var result = operands[0]
            var raised: Exceptions = []
            for lane in 0..<(packed ? bytes / elementBytes : 1) {
                let (negateProduct, negateAddend) = signs(lane)
                let value = F.fusedMultiplyAdd(FloatLanes.lane(operands[order.product.0], lane, format),
                                               FloatLanes.lane(operands[order.product.1], lane, format),
                                               FloatLanes.lane(operands[order.addend], lane, format),
                                               negateProduct: negateProduct, negateAddend: negateAddend, environment)
                FloatLanes.setLane(&result, lane, format, value.bits)
                raised.formUnion(value.exceptions)
            }
            try context.commit(raised, environment)
            try context.writeVector(0, result, bytes: bytes)
        }
    }

    /// AMD's FMA4 (VEX.0F3A 5C-5F, 68-7F): #UD where the profile says the CPU does not run it.
    private static let fourOperand = Semantic { context throws(Fault) in
        switch context.profile.runsFMA4 {
        case false?: throw .invalidOpcode
        case true?: throw .notModelled("FMA4 arithmetic is not written")
        case nil: throw .notModelled("FMA4 (a profile question)")
        }
    }
}
