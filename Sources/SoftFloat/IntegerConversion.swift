extension FloatFormat {
    /// CVTSI2SS/CVTSI2SD: a signed integer in this format, rounded per `environment` (PE only;
    /// an int32 is passed sign-extended, which rounds the same) (Intel SDM Vol. 2, CVTSI2SS).
    @inlinable
    public static func convert(fromInteger value: Int64, _ environment: FloatEnvironment) -> FloatResult<Bits> {
        FloatResult(float(fromInteger: value, environment))
    }

    /// CVTSS2SI/CVTTSS2SI/CVTPS2DQ... with a 32-bit destination: `x` rounded per `environment`,
    /// or toward zero when `truncating`, as two's-complement bits (Intel SDM Vol. 2, CVTSS2SI).
    @inlinable
    public static func convertToInt32(_ x: Bits, truncating: Bool, _ environment: FloatEnvironment) -> FloatResult<UInt32> {
        FloatResult(integer(UInt64(x), bits: 32, truncating: truncating, environment))
    }

    /// The same with a 64-bit destination (REX.W forms, CVTPD2QQ...).
    @inlinable
    public static func convertToInt64(_ x: Bits, truncating: Bool, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        FloatResult(integer(UInt64(x), bits: 64, truncating: truncating, environment))
    }

    @inlinable
    static func float(fromInteger value: Int64, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        if value == 0 { return FloatResult(bits: 0, exceptions: []) }
        let magnitude = value.magnitude
        let shift = magnitude.leadingZeroBitCount
        return round(negative: value < 0, exponent: 63 &- shift, significand: magnitude << UInt64(shift), environment)
    }

    /// `x` rounded to an integer of `bits` (32 or 64). A NaN, an infinity, or a value that rounds
    /// outside the destination gives the integer indefinite (only the sign bit set) with IE and no
    /// PE; otherwise PE when rounding was inexact. DAZ applies, but a denormal raises no DE
    /// (Intel SDM Vol. 1 §4.8.3.7, Vol. 2 CVTSS2SI; measured on Zen 4).
    @inlinable
    static func integer(_ x: UInt64, bits: Int, truncating: Bool, _ environment: FloatEnvironment) -> FloatResult<UInt64> {
        let limit: UInt64 = 1 << UInt64(bits &- 1)
        let indefinite = FloatResult<UInt64>(bits: limit, exceptions: .invalid)
        let a = Operand(x, Self.self, denormalsAreZero: environment.denormalsAreZero)
        switch a.kind {
        case .quietNaN, .signalingNaN, .infinity: return indefinite
        case .zero: return FloatResult(bits: 0, exceptions: [])
        case .finite: break
        }
        guard let magnitude = a.integerMagnitude(truncating ? .towardZero : environment.rounding) else { return indefinite }
        if magnitude.value > limit || (magnitude.value == limit && !a.sign) { return indefinite }
        let value = a.sign ? 0 &- magnitude.value : magnitude.value
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) &- 1
        return FloatResult(bits: value & mask, exceptions: magnitude.inexact ? .precision : [])
    }
}

extension Operand {
    /// The magnitude of this finite value rounded to an integer in `rounding`, and whether that
    /// was inexact; nil when the magnitude is 2^64 or more.
    @inlinable
    func integerMagnitude(_ rounding: RoundingMode) -> (value: UInt64, inexact: Bool)? {
        if exponent > 63 { return nil }
        let (kept, dropped) = shiftRight(significand, by: 63 &- exponent)
        let away = rounding.roundsAway(negative: sign, dropped, odd: kept & 1 != 0)
        let (value, overflow) = kept.addingReportingOverflow(away ? 1 : 0)
        return overflow ? nil : (value, !dropped.isExact)
    }
}
