extension FloatFormat {
    /// ADDSS/ADDSD/ADDPS...: `a + b` rounded per `environment` (Intel SDM Vol. 2, ADDSS).
    @inlinable
    public static func add(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(sum(UInt64(a), UInt64(b), subtracting: false, environment))
    }

    /// SUBSS/SUBSD/SUBPS...: `a - b` rounded per `environment`; a NaN `b` keeps its sign.
    @inlinable
    public static func subtract(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(sum(UInt64(a), UInt64(b), subtracting: true, environment))
    }

    /// `a + b`, or `a - b` when `subtracting` (the sign of `b` flipped for everything but NaN
    /// propagation). Invalid: infinities of opposite effective signs. An exact zero sum is +0,
    /// or -0 when rounding down, unless both addends are zeros of the same sign (IEEE 754 §6.3).
    @inlinable
    static func sum(_ x: UInt64, _ y: UInt64, subtracting: Bool, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        let b = Operand(y, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN || b.isNaN { return propagateNaN(a, b) }
        let signB = b.sign != subtracting
        let raised: Exceptions = a.isDenormal || b.isDenormal ? .denormal : []
        if a.kind == .infinity || b.kind == .infinity {
            if a.kind == .infinity && b.kind == .infinity && a.sign != signB { return invalid() }
            return special(layout.infinity, negative: a.kind == .infinity ? a.sign : signB, raised)
        }
        if environment.faults(raised) { return FloatResult(bits: 0, exceptions: raised) }
        if b.kind == .zero {
            if a.kind == .zero {
                let negative = a.sign == signB ? a.sign : environment.rounding == .down
                return special(0, negative: negative)
            }
            return round(a, negative: a.sign, environment, raised: raised)
        }
        if a.kind == .zero { return round(b, negative: signB, environment, raised: raised) }

        // Both finite and nonzero: align the smaller magnitude below the larger one, with a
        // spare bit on top for the carry; the significands' low 11+ bits are zero, so only
        // the shifted operand can lose bits, and those stay far below the rounding position.
        let aFirst = a.exponent > b.exponent || (a.exponent == b.exponent && a.significand >= b.significand)
        let (large, largeSign, small) = aFirst ? (a, a.sign, b) : (b, signB, a)
        let larger = large.significand >> 1
        let smaller = shiftRightJamming(small.significand >> 1, by: large.exponent &- small.exponent)
        let sum = a.sign == signB ? larger &+ smaller : larger &- smaller
        if sum == 0 { return special(0, negative: environment.rounding == .down, raised) }
        let shift = sum.leadingZeroBitCount
        return round(negative: largeSign, exponent: large.exponent &+ 1 &- shift, significand: sum << UInt64(shift),
                     environment, raised: raised)
    }
}
