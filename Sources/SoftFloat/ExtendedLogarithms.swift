/// Reference values for F2XM1, FYL2X, FYL2XP1 and FPATAN on finite arguments inside their
/// domains, with 128-bit significands and no host floating point; the CPU is within 1 ulp of
/// them rounded to nearest (`ExtendedTests`). Special operands (zeros, infinities, NaNs, out of
/// the domain) are not approximations and are left to the exact rules.
extension Extended {
    @usableFromInline static let lnTwoWide = WideFloat(negative: false, exponent: -1, significand: 0xB172_17F7_D1CF_79AB_C9E3_B398_03F2_F6AF)
    /// pi to 128 bits, for the angles FPATAN gives exactly in multiples of pi/4.
    public static let piWide = WideFloat(negative: false, exponent: 1, significand: 0xC90F_DAA2_2168_C234_C4C6_628B_80DC_1CD1)
    /// sqrt(2) / 2, where the logarithm's significand is split.
    @usableFromInline static let halfSquareRootTwo = WideFloat(negative: false, exponent: -1, significand: 0xB504_F333_F9DE_6484_597D_89B3_754A_BE9F)

    /// F2XM1: 2^x - 1, for |x| <= 1.
    public static func twoToTheMinusOne(_ value: Extended) -> WideFloat {
        let y = WideFloat(value) * lnTwoWide
        // e^y - 1 = y + y^2/2! + y^3/3! + ...: no cancellation for |y| < 0.7.
        var sum = y, term = y
        for k in 2...45 {
            term = term * y / UInt64(k)
            sum = sum + term
        }
        return sum
    }

    /// 2 * atanh(u) = ln((1 + u) / (1 - u)) = 2 * (u + u^3/3 + u^5/5 + ...), for |u| <= 0.2.
    static func twiceArctanh(_ u: WideFloat) -> WideFloat {
        let square = u * u
        var power = u, sum = u
        for k in 1...40 {
            power = power * square
            sum = sum + power / UInt64(2 * k + 1)
        }
        return sum + sum
    }

    /// log2 of a finite positive value: its exponent plus log2 of its significand taken in
    /// [sqrt(2)/2, sqrt(2)), so that values next to 1 keep their relative precision.
    static func logarithmTwo(_ value: Extended) -> WideFloat {
        let unpacked = Unpacked(value)
        var exponent = unpacked.exponent
        var significand = WideFloat(negative: false, exponent: 0, significand: UInt128(unpacked.significand) << 64)
        if significand.significand > halfSquareRootTwo.significand {   // m > sqrt(2): take m / 2
            significand.exponent -= 1
            exponent += 1
        }
        let u = (significand - .one) / (significand + .one)
        let fraction = twiceArctanh(u) / lnTwoWide
        return WideFloat(negative: exponent < 0, exponent: 127, significand: UInt128(exponent.magnitude)) + fraction
    }

    /// True when |x| < 1 - sqrt(2)/2, the domain of FYL2XP1 (Vol. 2A: undefined beyond it).
    public static func isInLogarithmPlusOneDomain(_ x: Extended) -> Bool {
        if x.kind == .zero { return true }
        guard x.kind == .normal || x.isDenormalOperand else { return false }
        let magnitude = WideFloat(negative: false, exponent: Unpacked(x).exponent, significand: UInt128(Unpacked(x).significand) << 64)
        let rest = WideFloat.one - halfSquareRootTwo - magnitude
        return !rest.negative && !rest.isZero
    }

    /// FYL2X: y * log2(x), for x finite and positive, y finite.
    public static func yLogTwoX(_ x: Extended, _ y: Extended) -> WideFloat {
        WideFloat(y) * logarithmTwo(x)
    }

    /// FYL2XP1: y * log2(1 + x), for |x| < 1 - sqrt(2)/2, y finite.
    public static func yLogTwoXPlusOne(_ x: Extended, _ y: Extended) -> WideFloat {
        let wide = WideFloat(x)
        let u = wide / (wide + WideFloat(negative: false, exponent: 1, significand: 1 << 127))
        return WideFloat(y) * (twiceArctanh(u) / lnTwoWide)
    }

    /// FPATAN: the angle of (x, y) = (st0, st1), atan(y / x) in the quadrant of the signs, for
    /// finite nonzero operands.
    public static func arctangent(y: Extended, x: Extended) -> WideFloat {
        let (a, b) = (WideFloat(y), WideFloat(x))
        let (absA, absB) = (WideFloat(negative: false, exponent: a.exponent, significand: a.significand),
                            WideFloat(negative: false, exponent: b.exponent, significand: b.significand))
        let yBelow = absA.exponent < absB.exponent || (absA.exponent == absB.exponent && absA.significand <= absB.significand)
        var angle = yBelow ? arctangentBelowOne(absA / absB) : piWide / 2 - arctangentBelowOne(absB / absA)
        if b.negative { angle = piWide - angle }
        return a.negative ? angle.negated : angle
    }

    /// atan(z) for 0 <= z <= 1: halved twice (atan z = 2 atan(z / (1 + sqrt(1 + z^2)))), then
    /// z - z^3/3 + z^5/5 - ... on |z| <= tan(pi/16).
    static func arctangentBelowOne(_ z: WideFloat) -> WideFloat {
        var w = z
        for _ in 0..<2 { w = w / (.one + squareRoot(.one + w * w)) }
        let square = w * w
        var power = w, sum = w
        for k in 1...35 {
            power = (power * square).negated
            sum = sum + power / UInt64(2 * k + 1)
        }
        return WideFloat(negative: sum.negative, exponent: sum.exponent + 2, significand: sum.significand)
    }

    /// The square root of a positive value: the integer root of its top bits, then two Newton steps.
    static func squareRoot(_ value: WideFloat) -> WideFloat {
        let odd = value.exponent & 1 != 0
        let (root, _) = integerSquareRoot(odd ? value.significand : value.significand >> 1)
        var estimate = WideFloat(negative: false, exponent: (value.exponent - (odd ? 1 : 0)) / 2, significand: root << 64)
        for _ in 0..<2 { estimate = (estimate + value / estimate) / 2 }
        return estimate
    }
}
