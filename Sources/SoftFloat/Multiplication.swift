extension FloatFormat {
    /// MULSS/MULSD/MULPS...: `a × b` rounded per `environment` (Intel SDM Vol. 2, MULSS).
    @inlinable
    public static func multiply(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(product(UInt64(a), UInt64(b), environment))
    }

    /// `a × b`. Invalid: an infinity times a zero.
    @inlinable
    static func product(_ x: UInt64, _ y: UInt64, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        let b = Operand(y, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN || b.isNaN { return propagateNaN(a, b) }
        let sign = a.sign != b.sign
        let raised: Exceptions = a.isDenormal || b.isDenormal ? .denormal : []
        if a.kind == .infinity || b.kind == .infinity {
            if a.kind == .zero || b.kind == .zero { return invalid() }
            return special(layout.infinity, negative: sign, raised)
        }
        if environment.faults(raised) { return FloatResult(bits: 0, exceptions: raised) }
        if a.kind == .zero || b.kind == .zero { return special(0, negative: sign, raised) }
        let product = a.significand.multipliedFullWidth(by: b.significand)
        let carry = product.high >> 63 != 0
        let significand = carry
            ? product.high | (product.low == 0 ? 0 : 1)
            : product.high << 1 | product.low >> 63 | (product.low << 1 == 0 ? 0 : 1)
        return round(negative: sign, exponent: a.exponent &+ b.exponent &+ (carry ? 1 : 0), significand: significand,
                     environment, raised: raised)
    }
}
