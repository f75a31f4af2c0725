extension FloatFormat {
    /// MINSS/MINSD/MINPS...: `a < b ? a : b` (Intel SDM Vol. 2, MINSS). The second operand is the
    /// result when either is a NaN (returned as it is, an SNaN not made quiet) or both are zeros
    /// of any sign; any NaN raises IE.
    @inlinable
    public static func minimum(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(select(UInt64(a), UInt64(b), firstWhen: .less, environment))
    }

    /// MAXSS/MAXSD/MAXPS...: `a > b ? a : b`, with MINSS's rules for NaNs and zeros.
    @inlinable
    public static func maximum(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(select(UInt64(a), UInt64(b), firstWhen: .greater, environment))
    }

    /// `a` when it compares `ordering` to `b`, else `b`. The result is the operand as read, so
    /// under DAZ a denormal comes back as a zero of its sign (measured on Zen 4).
    @inlinable
    static func select(_ x: UInt64, _ y: UInt64, firstWhen ordering: FloatOrdering, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        let b = Operand(y, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN || b.isNaN { return FloatResult(bits: b.bits, exceptions: .invalid) }
        let raised: Exceptions = a.isDenormal || b.isDenormal ? .denormal : []
        return FloatResult(bits: Operand.order(a, b) == ordering ? a.bits : b.bits, exceptions: raised)
    }
}
