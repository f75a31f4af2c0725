extension FloatFormat {
    /// SQRTSS/SQRTSD/SQRTPS...: √a rounded per `environment` (Intel SDM Vol. 2, SQRTSS).
    @inlinable
    public static func squareRoot(_ a: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(root(UInt64(a), environment))
    }

    /// √a. Invalid: any value below zero, -∞ and negative denormals included (-0 gives -0).
    @inlinable
    static func root(_ x: UInt64, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN { return propagateNaN(a, a) }
        if a.kind == .zero { return FloatResult(bits: a.bits, exceptions: []) }
        if a.sign { return invalid() }
        if a.kind == .infinity { return FloatResult(bits: layout.infinity, exceptions: []) }
        let raised: Exceptions = a.isDenormal ? .denormal : []
        if environment.faults(raised) { return FloatResult(bits: 0, exceptions: raised) }
        // a = m × 2^e with m in [1, 2); make the exponent even, then take the integer square
        // root of m × 2^124 (in [2^124, 2^126)), which has 63 bits.
        let odd = a.exponent & 1 != 0
        let radicand = UInt128(a.significand) << (odd ? 62 : 61)
        let root = integerSquareRoot(radicand)
        let sticky: UInt64 = UInt128(root) &* UInt128(root) == radicand ? 0 : 1
        return round(negative: false, exponent: (a.exponent &- (odd ? 1 : 0)) / 2, significand: root << 1 | sticky,
                     environment, raised: raised)
    }
}

/// ⌊√n⌋ for n in [2^124, 2^126), by Newton's iteration from above. The start is a tangent of √,
/// which lies above the curve and within 7% of it, so about five divisions follow.
@inlinable
func integerSquareRoot(_ n: UInt128) -> UInt64 {
    // With y = n / 2^124 in [1, 4): √y ≤ (y + 2) / (2√2), the tangent at y = 2. In terms of
    // m = ⌊n / 2^62⌋ that is (m/2 + 2^62) / √2; the constant is ⌈2^64 / √2⌉, and the + 2 covers
    // the truncations.
    let m = UInt64(truncatingIfNeeded: n >> 62)
    let inverseRootTwo: UInt64 = 13_043_817_825_332_782_213
    var x = (m >> 1 + 1 << 62).multipliedFullWidth(by: inverseRootTwo).high &+ 2
    let high = UInt64(truncatingIfNeeded: n >> 64), low = UInt64(truncatingIfNeeded: n)
    while true {
        let quotient = x.dividingFullWidth((high: high, low: low)).quotient
        let next = x >> 1 &+ quotient >> 1 &+ (x & quotient & 1)
        if next >= x { return x }
        x = next
    }
}
