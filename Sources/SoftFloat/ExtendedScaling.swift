/// FSCALE and FXTRACT (Intel SDM Vol. 2A): a value's power of two moved in or taken out.
extension Extended {
    /// FSCALE: `a * 2^n`, n being `b` truncated toward zero, rounded to the 64-bit significand
    /// (the precision control does not apply). Invalid: 0 * 2^+inf and inf * 2^-inf.
    @inlinable
    public static func scale(_ a: Extended, by b: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        if let result = nonNumericResult(a, b, environment) { return result }
        if b.kind == .infinity {
            if (b.isNegative && a.kind == .infinity) || (!b.isNegative && a.kind == .zero) { return invalidOperation(environment) }
        }
        let (raised, stop) = denormalCheck(a, b, environment)
        if let stop { return stop }
        if b.kind == .infinity {
            return ExtendedResult(value: b.isNegative ? .zero(negative: a.isNegative) : .infinity(negative: a.isNegative), exceptions: raised)
        }
        if a.kind == .zero || a.kind == .infinity { return ExtendedResult(value: a, exceptions: raised) }
        let x = Unpacked(a)
        return round(negative: a.isNegative, exponent: x.exponent + truncatedPower(b), significand: UInt128(x.significand) << 64,
                     environment.atExtendedPrecision, raised: raised)
    }

    /// A finite value truncated toward zero, held within ±2^20: far enough beyond any exponent
    /// that a larger one scales the same way.
    @inlinable
    static func truncatedPower(_ value: Extended) -> Int {
        guard value.kind != .zero else { return 0 }
        let x = Unpacked(value)
        let magnitude = x.exponent < 0 ? 0 : x.exponent >= 20 ? 1 << 20 : Int(x.significand >> UInt64(63 - x.exponent))
        return value.isNegative ? -magnitude : magnitude
    }

    /// FXTRACT: the significand (exponent 0, the operand's sign) for st0 and the unbiased
    /// exponent for st1. A zero gives ±0 and -inf with ZE; infinity gives ±inf and +inf; a
    /// denormal is normalized with DE. Nil values when an unmasked exception stops it.
    @inlinable
    public static func extract(_ a: Extended, _ environment: ExtendedEnvironment) -> (significand: ExtendedResult, exponent: Extended?) {
        if let result = nonNumericResult(a, nil, environment) { return (result, result.value) }
        switch a.kind {
        case .zero:
            guard environment.masked(.divideByZero) else { return (ExtendedResult(value: nil, exceptions: .divideByZero), nil) }
            return (ExtendedResult(value: a, exceptions: .divideByZero), .infinity(negative: true))
        case .infinity:
            return (ExtendedResult(value: a), .infinity(negative: false))
        default:
            let (raised, stop) = denormalCheck(a, nil, environment)
            if let stop { return (stop, nil) }
            let x = Unpacked(a)
            let significand = Extended(signExponent: (a.isNegative ? 0x8000 : 0) | UInt16(bias), significand: x.significand)
            return (ExtendedResult(value: significand, exceptions: raised), fromInteger(Int64(x.exponent)))
        }
    }
}
