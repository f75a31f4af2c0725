extension FloatFormat {
    /// ROUNDSS/ROUNDSD/ROUNDPS/ROUNDPD: `x` rounded to an integral value in this format, in the
    /// mode `immediate` selects (imm8[1:0], or MXCSR.RC when imm8[2] is set), with PE unless
    /// imm8[3] suppresses it (Intel SDM Vol. 2, ROUNDSS). DAZ applies; DE is never raised; an
    /// SNaN is made quiet with IE; a result of zero keeps the operand's sign.
    @inlinable
    public static func roundToIntegral(_ x: Bits, immediate: UInt8, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(integral(UInt64(x), rounding: environment.rounding(immediate: immediate),
                             suppressPrecision: immediate & 8 != 0, environment))
    }

    @inlinable
    static func integral(_ x: UInt64, rounding: RoundingMode, suppressPrecision: Bool,
                         _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN { return propagateNaN(a, a) }
        if a.kind != .finite || a.exponent >= layout.fractionBits { return FloatResult(bits: a.bits, exceptions: []) }
        // Below 2^fractionBits the integer always fits, and is exact in this format.
        let magnitude = a.integerMagnitude(rounding)!
        let precision: Exceptions = magnitude.inexact && !suppressPrecision ? .precision : []
        if magnitude.value == 0 { return special(0, negative: a.sign, precision) }
        let shift = magnitude.value.leadingZeroBitCount
        let exact = round(negative: a.sign, exponent: 63 &- shift, significand: magnitude.value << UInt64(shift), environment)
        return FloatResult(bits: exact.bits, exceptions: precision)
    }
}
