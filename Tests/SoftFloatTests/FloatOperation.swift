import SoftFloat

/// One scalar instruction the tests run on the CPU and on the layer: its encoding, where its
/// sources go, where its result comes from, and the layer's prediction of it.
struct FloatOperation: Sendable {
    /// What a source holds, which decides how random cases draw it.
    enum Kind: Sendable { case binary16, binary32, binary64, int32, int64 }

    /// Where a source or the result lives: the low bits of an XMM register, RAX, or RFLAGS'
    /// ZF, PF and CF (the result of COMISS).
    enum Location: Sendable, Equatable { case xmm(Int), rax, flags }

    let name: String
    let bytes: [UInt8]
    let sources: [(location: Location, kind: Kind)]
    let destination: Location
    /// The destination's width in bits (its upper bits are not compared).
    let width: Int
    /// For FMA forms, the indices in `sources` of a, b and c in a × b + c, so random cases can
    /// build an addend that cancels the product.
    var roles: (a: Int, b: Int, c: Int)? = nil
    /// The layer's answer for sources in `sources` order: result bits and flags.
    let model: @Sendable ([UInt64], FloatEnvironment) -> (bits: UInt64, exceptions: Exceptions)
}

extension FloatOperation {
    static let all: [FloatOperation] = scalarArithmetic + comparisons + conversions + rounding + fusedMultiplyAdd + halfPrecision

    static let byName: [String: FloatOperation] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    private static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    private static func lift<Bits>(_ result: FloatResult<Bits>) -> (bits: UInt64, exceptions: Exceptions) {
        (UInt64(result.bits), result.exceptions)
    }

    /// `name dest, src` over xmm0 and xmm1 in both precisions (the F3 and F2 forms).
    private static func binary(_ name: String, _ opcode: String,
                               _ single: @escaping @Sendable (UInt32, UInt32, FloatEnvironment) -> FloatResult<UInt32>,
                               _ double: @escaping @Sendable (UInt64, UInt64, FloatEnvironment) -> FloatResult<UInt64>) -> [FloatOperation] {
        [FloatOperation(name: name + "ss", bytes: bytes("f30f\(opcode)c1"), sources: [(.xmm(0), .binary32), (.xmm(1), .binary32)],
                        destination: .xmm(0), width: 32) { lift(single(UInt32($0[0]), UInt32($0[1]), $1)) },
         FloatOperation(name: name + "sd", bytes: bytes("f20f\(opcode)c1"), sources: [(.xmm(0), .binary64), (.xmm(1), .binary64)],
                        destination: .xmm(0), width: 64) { lift(double($0[0], $0[1], $1)) }]
    }

    static let scalarArithmetic: [FloatOperation] =
        binary("add", "58", { Binary32.add($0, $1, $2) }, { Binary64.add($0, $1, $2) })
        + binary("sub", "5c", { Binary32.subtract($0, $1, $2) }, { Binary64.subtract($0, $1, $2) })
        + binary("mul", "59", { Binary32.multiply($0, $1, $2) }, { Binary64.multiply($0, $1, $2) })
        + binary("div", "5e", { Binary32.divide($0, $1, $2) }, { Binary64.divide($0, $1, $2) })
        + binary("min", "5d", { Binary32.minimum($0, $1, $2) }, { Binary64.minimum($0, $1, $2) })
        + binary("max", "5f", { Binary32.maximum($0, $1, $2) }, { Binary64.maximum($0, $1, $2) })
        + [FloatOperation(name: "sqrtss", bytes: bytes("f30f51c1"), sources: [(.xmm(1), .binary32)], destination: .xmm(0),
                          width: 32) { lift(Binary32.squareRoot(UInt32($0[0]), $1)) },
           FloatOperation(name: "sqrtsd", bytes: bytes("f20f51c1"), sources: [(.xmm(1), .binary64)], destination: .xmm(0),
                          width: 64) { lift(Binary64.squareRoot($0[0], $1)) }]

    /// ZF, PF and CF as COMISS sets them (Intel SDM Vol. 2, COMISS).
    static func flags(_ ordering: FloatOrdering) -> UInt64 {
        switch ordering {
        case .unordered: 0x45
        case .less: 0x01
        case .equal: 0x40
        case .greater: 0x00
        }
    }

    static let comparisons: [FloatOperation] = [
        ("comiss", "0f2fc1", true, false), ("ucomiss", "0f2ec1", false, false),
        ("comisd", "660f2fc1", true, true), ("ucomisd", "660f2ec1", false, true),
    ].map { name, hex, signaling, double in
        FloatOperation(name: name, bytes: bytes(hex), sources: [(.xmm(0), double ? .binary64 : .binary32), (.xmm(1), double ? .binary64 : .binary32)],
                       destination: .flags, width: 64) { operands, environment in
            let result = double
                ? Binary64.compare(operands[0], operands[1], signaling: signaling, environment)
                : Binary32.compare(UInt32(operands[0]), UInt32(operands[1]), signaling: signaling, environment)
            return (flags(result.ordering), result.exceptions)
        }
    }

    static let conversions: [FloatOperation] = [
        FloatOperation(name: "cvtss2sd", bytes: bytes("f30f5ac1"), sources: [(.xmm(1), .binary32)], destination: .xmm(0),
                       width: 64) { lift(Binary64.convert(UInt32($0[0]), from: Binary32.self, $1)) },
        FloatOperation(name: "cvtsd2ss", bytes: bytes("f20f5ac1"), sources: [(.xmm(1), .binary64)], destination: .xmm(0),
                       width: 32) { lift(Binary32.convert($0[0], from: Binary64.self, $1)) },
        FloatOperation(name: "cvtsi2ss", bytes: bytes("f30f2ac0"), sources: [(.rax, .int32)], destination: .xmm(0),
                       width: 32) { lift(Binary32.convert(fromInteger: Int64(Int32(truncatingIfNeeded: $0[0])), $1)) },
        FloatOperation(name: "cvtsi2ssq", bytes: bytes("f3480f2ac0"), sources: [(.rax, .int64)], destination: .xmm(0),
                       width: 32) { lift(Binary32.convert(fromInteger: Int64(bitPattern: $0[0]), $1)) },
        FloatOperation(name: "cvtsi2sd", bytes: bytes("f20f2ac0"), sources: [(.rax, .int32)], destination: .xmm(0),
                       width: 64) { lift(Binary64.convert(fromInteger: Int64(Int32(truncatingIfNeeded: $0[0])), $1)) },
        FloatOperation(name: "cvtsi2sdq", bytes: bytes("f2480f2ac0"), sources: [(.rax, .int64)], destination: .xmm(0),
                       width: 64) { lift(Binary64.convert(fromInteger: Int64(bitPattern: $0[0]), $1)) },
    ] + [false, true].flatMap { double in [false, true].flatMap { wide in [false, true].map { truncating in
        toInteger(double: double, wide: wide, truncating: truncating)
    } } }

    /// CVT(T)SS2SI and CVT(T)SD2SI into EAX or (REX.W) RAX.
    private static func toInteger(double: Bool, wide: Bool, truncating: Bool) -> FloatOperation {
        let name = "cvt" + (truncating ? "t" : "") + (double ? "sd" : "ss") + "2si" + (wide ? "q" : "")
        let hex = (double ? "f2" : "f3") + (wide ? "48" : "") + (truncating ? "0f2cc1" : "0f2dc1")
        let source: Kind = double ? .binary64 : .binary32
        return FloatOperation(name: name, bytes: bytes(hex), sources: [(.xmm(1), source)], destination: .rax,
                              width: wide ? 64 : 32) { operands, environment in
            let x = operands[0]
            switch (double, wide) {
            case (false, false): return lift(Binary32.convertToInt32(UInt32(x), truncating: truncating, environment))
            case (false, true): return lift(Binary32.convertToInt64(UInt32(x), truncating: truncating, environment))
            case (true, false): return lift(Binary64.convertToInt32(x, truncating: truncating, environment))
            case (true, true): return lift(Binary64.convertToInt64(x, truncating: truncating, environment))
            }
        }
    }

    /// ROUNDSS and ROUNDSD with every immediate that means something (imm8[3:0]).
    static let rounding: [FloatOperation] = (0..<16).flatMap { immediate -> [FloatOperation] in
        let imm = UInt8(immediate)
        let single = FloatOperation(name: "roundss/\(immediate)", bytes: bytes("660f3a0ac1") + [imm], sources: [(.xmm(1), .binary32)],
                                    destination: .xmm(0), width: 32) { operands, environment in
            lift(Binary32.roundToIntegral(UInt32(operands[0]), immediate: imm, environment))
        }
        let double = FloatOperation(name: "roundsd/\(immediate)", bytes: bytes("660f3a0bc1") + [imm], sources: [(.xmm(1), .binary64)],
                                    destination: .xmm(0), width: 64) { operands, environment in
            lift(Binary64.roundToIntegral(operands[0], immediate: imm, environment))
        }
        return [single, double]
    }

    /// The four 231 forms in both precisions (xmm0 = ±xmm1 × xmm2 ± xmm0), and VFMADD132/213 to
    /// pin which NaN wins. Sources are listed as xmm0, xmm1, xmm2.
    static let fusedMultiplyAdd: [FloatOperation] = [
        fused("vfmadd231", "b9", roles: (1, 2, 0)), fused("vfmsub231", "bb", roles: (1, 2, 0), negateAddend: true),
        fused("vfnmadd231", "bd", roles: (1, 2, 0), negateProduct: true),
        fused("vfnmsub231", "bf", roles: (1, 2, 0), negateProduct: true, negateAddend: true),
        fused("vfmadd132", "99", roles: (0, 2, 1)), fused("vfmadd213", "a9", roles: (1, 0, 2)),
    ].flatMap { $0 }

    /// One FMA form in both precisions; `roles` are the indices in (xmm0, xmm1, xmm2) of a, b and
    /// c in a × b + c.
    private static func fused(_ name: String, _ opcode: String, roles: (Int, Int, Int), negateProduct: Bool = false,
                              negateAddend: Bool = false) -> [FloatOperation] {
        let single = FloatOperation(name: name + "ss", bytes: bytes("c4e271\(opcode)c2"),
                                    sources: [(.xmm(0), .binary32), (.xmm(1), .binary32), (.xmm(2), .binary32)],
                                    destination: .xmm(0), width: 32, roles: roles) { x, environment in
            lift(Binary32.fusedMultiplyAdd(UInt32(x[roles.0]), UInt32(x[roles.1]), UInt32(x[roles.2]),
                                           negateProduct: negateProduct, negateAddend: negateAddend, environment))
        }
        let double = FloatOperation(name: name + "sd", bytes: bytes("c4e2f1\(opcode)c2"),
                                    sources: [(.xmm(0), .binary64), (.xmm(1), .binary64), (.xmm(2), .binary64)],
                                    destination: .xmm(0), width: 64, roles: roles) { x, environment in
            lift(Binary64.fusedMultiplyAdd(x[roles.0], x[roles.1], x[roles.2],
                                           negateProduct: negateProduct, negateAddend: negateAddend, environment))
        }
        return [single, double]
    }

    /// VCVTPH2PS, and VCVTPS2PH with each rounding immediate (imm8[2:0]); its destination is xmm1.
    static let halfPrecision: [FloatOperation] = [
        FloatOperation(name: "vcvtph2ps", bytes: bytes("c4e27913c1"), sources: [(.xmm(1), .binary16)], destination: .xmm(0),
                       width: 32) { operands, environment in lift(Binary16.widen(UInt16(operands[0]), environment)) },
    ] + (0..<8).map { immediate -> FloatOperation in
        let imm = UInt8(immediate)
        return FloatOperation(name: "vcvtps2ph/\(immediate)", bytes: bytes("c4e3791dc1") + [imm], sources: [(.xmm(0), .binary32)],
                              destination: .xmm(1), width: 16) { operands, environment in
            lift(Binary16.narrow(UInt32(operands[0]), immediate: imm, environment))
        }
    }
}
