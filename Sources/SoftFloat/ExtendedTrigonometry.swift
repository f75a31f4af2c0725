/// Reference values for FSIN, FCOS, FSINCOS and FPTAN. The CPU reduces the argument with pi
/// rounded to 66 bits, and is then within 0.6 ulp of the exact function of the reduced argument
/// (docs/PLATFORM.md, "x87 floating point on Zen 3"), so the reference reduces the same way and
/// evaluates the series with 128-bit significands: a campaign compares the CPU with it in class
/// `approximation`, within a bound of 1 ulp.
extension Extended {
    /// pi rounded to 66 bits, times 2^64: the CPU's reduction constant (pi/2 is this times 2^-65).
    @usableFromInline static let pi66: UInt128 = 0x3_243F_6A88_85A3_08D3
    /// pi / pi66 as a `WideFloat`: the factor from the CPU's reduced argument to radians.
    @usableFromInline static let piOverPi66 = WideFloat(negative: false, exponent: 0,
                                                         significand: 0x8000_0000_0000_0000_030A_31C5_B45D_1254)

    /// sin and cos of a finite value with |x| < 2^63, as the CPU computes them (argument reduced
    /// with pi66), to about 2^-120 relative.
    public static func sineAndCosine(_ value: Extended) -> (sine: WideFloat, cosine: WideFloat) {
        let x = WideFloat(value)
        if x.isZero { return (x, .one) }
        let magnitude = Unpacked(value)
        // |x| = n * 2^-65 with n an integer once |x| >= 2^-2 (its last bit is at 2^-65 or above).
        var quarterTurns: UInt128 = 0
        var reduced = WideFloat(negative: false, exponent: x.exponent, significand: x.significand)
        if magnitude.exponent >= -2 {
            let n = UInt128(magnitude.significand) << UInt128(magnitude.exponent + 2)
            quarterTurns = (n / pi66)
            var rest = n - quarterTurns * pi66
            var negative = false
            if rest > pi66 / 2 {
                quarterTurns += 1
                rest = pi66 - rest
                negative = true
            }
            reduced = WideFloat(negative: negative, exponent: 127 - 65, significand: rest) * piOverPi66
        }
        let t = reduced
        let square = t * t
        var sine = t, cosine = WideFloat.one
        var sineTerm = t, cosineTerm = WideFloat.one
        for k in 1...30 {
            sineTerm = (sineTerm * square / UInt64(2 * k * (2 * k + 1))).negated
            cosineTerm = (cosineTerm * square / UInt64((2 * k - 1) * (2 * k))).negated
            sine = sine + sineTerm
            cosine = cosine + cosineTerm
        }
        let (s, c): (WideFloat, WideFloat) = switch quarterTurns & 3 {
        case 0: (sine, cosine)
        case 1: (cosine, sine.negated)
        case 2: (sine.negated, cosine.negated)
        default: (cosine.negated, sine)
        }
        return (value.isNegative ? s.negated : s, c)
    }
}
