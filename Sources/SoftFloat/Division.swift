extension FloatFormat {
    /// DIVSS/DIVSD/DIVPS...: `a ÷ b` rounded per `environment` (Intel SDM Vol. 2, DIVSS).
    @inlinable
    public static func divide(_ a: Bits, _ b: Bits, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(quotient(UInt64(a), UInt64(b), environment))
    }

    /// `a ÷ b`. Invalid: 0 ÷ 0 and ∞ ÷ ∞. A finite nonzero dividend over a zero divisor raises
    /// ZE and gives an infinity; ZE outranks DE, so a denormal dividend then raises no DE
    /// (Intel SDM Vol. 1 §4.9.2; measured on Zen 4).
    @inlinable
    static func quotient(_ x: UInt64, _ y: UInt64, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        let b = Operand(y, Self.self, denormalsAreZero: environment.denormalsAreZero)
        if a.isNaN || b.isNaN { return propagateNaN(a, b) }
        let sign = a.sign != b.sign
        if (a.kind == .infinity && b.kind == .infinity) || (a.kind == .zero && b.kind == .zero) { return invalid() }
        if b.kind == .zero && a.kind == .finite { return special(layout.infinity, negative: sign, .divideByZero) }
        let raised: Exceptions = a.isDenormal || b.isDenormal ? .denormal : []
        if a.kind == .infinity || b.kind == .zero { return special(layout.infinity, negative: sign, raised) }
        if environment.faults(raised) { return FloatResult(bits: 0, exceptions: raised) }
        if a.kind == .zero || b.kind == .infinity { return special(0, negative: sign, raised) }
        // (a.significand × 2^63) ÷ b.significand lies in (2^62, 2^64): 63 or 64 quotient bits and a
        // remainder that only matters as a sticky bit.
        let (quotient, remainder) = b.significand.dividingFullWidth((high: a.significand >> 1, low: a.significand << 63))
        let sticky: UInt64 = remainder == 0 ? 0 : 1
        let normalized = quotient >> 63 != 0
        return round(negative: sign, exponent: a.exponent &- b.exponent &- (normalized ? 0 : 1),
                     significand: (normalized ? quotient : quotient << 1) | sticky, environment, raised: raised)
    }
}
