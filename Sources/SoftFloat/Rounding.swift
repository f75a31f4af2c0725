/// How the bits shifted out below a rounding position compare with half of its unit.
enum Remainder {
    case exact, belowHalf, half, aboveHalf
}

/// `significand` shifted right by `shift` (any amount), and what was shifted out.
func shiftRight(_ significand: UInt64, by shift: Int) -> (kept: UInt64, remainder: Remainder) {
    if shift == 0 { return (significand, .exact) }
    if shift > 64 { return (0, significand == 0 ? .exact : .belowHalf) }
    let kept = shift == 64 ? 0 : significand >> UInt64(shift)
    let rest = shift == 64 ? significand : significand & ((1 << UInt64(shift)) - 1)
    let half: UInt64 = 1 << UInt64(shift - 1)
    let remainder: Remainder = rest == 0 ? .exact : rest < half ? .belowHalf : rest == half ? .half : .aboveHalf
    return (kept, remainder)
}

/// `value` shifted right by `shift`, with any 1 bit shifted out ORed into bit 0 (a sticky bit).
func shiftRightJamming(_ value: UInt64, by shift: Int) -> UInt64 {
    if shift == 0 { return value }
    if shift >= 64 { return value == 0 ? 0 : 1 }
    return value >> UInt64(shift) | (value << UInt64(64 - shift) == 0 ? 0 : 1)
}

/// `value` shifted right by `shift`, with any 1 bit shifted out ORed into bit 0.
func shiftRightJamming(_ value: UInt128, by shift: Int) -> UInt128 {
    if shift == 0 { return value }
    if shift >= 128 { return value == 0 ? 0 : 1 }
    return value >> UInt128(shift) | (value << UInt128(128 - shift) == 0 ? 0 : 1)
}

/// The top 64 bits of a 128-bit significand whose leading one is bit 127, the rest jammed into bit 0.
func narrowJamming(_ value: UInt128) -> UInt64 {
    UInt64(truncatingIfNeeded: value >> 64) | (UInt64(truncatingIfNeeded: value) == 0 ? 0 : 1)
}

extension RoundingMode {
    /// Whether a value of `sign` whose dropped bits are `remainder` rounds away from zero, given
    /// whether the kept part is odd.
    func roundsAway(negative sign: Bool, _ remainder: Remainder, odd: Bool) -> Bool {
        switch (self, remainder) {
        case (_, .exact): false
        case (.nearestEven, .aboveHalf): true
        case (.nearestEven, .half): odd
        case (.nearestEven, _): false
        case (.up, _): !sign
        case (.down, _): sign
        case (.towardZero, _): false
        }
    }
}

extension FormatLayout {
    /// Rounds the exact value `significand` × 2^(`exponent` - 63) (leading one at bit 63, anything
    /// below the last bit already jammed into bit 0) to this format under the SSE rules, adding the
    /// post-computation flags to `raised` (Intel SDM Vol. 1 §4.9.1.4-4.9.1.6, §10.2.3.3, §11.5.2.2,
    /// all measured on Zen 4):
    /// - overflow is judged after rounding; masked, the result is infinity or the largest finite
    ///   number by rounding mode, with OE and PE; unmasked, OE, and PE only when rounding to the
    ///   format's precision with an unbounded exponent was inexact;
    /// - tininess is judged after rounding (to the format's precision with an unbounded exponent);
    ///   unmasked, a tiny result raises UE, and PE as for overflow; masked, FTZ flushes it to a zero
    ///   of its sign with UE and PE, otherwise it is rounded as a denormal and raises UE and PE only
    ///   when that rounding is inexact.
    func round(negative sign: Bool, exponent: Int, significand: UInt64, _ environment: FloatEnvironment,
               raised: Exceptions = [], flushToZero: Bool) -> FloatResult<UInt64> {
        let signBits = sign ? signBit : 0
        let rounding = environment.rounding
        let (kept, remainder) = shiftRight(significand, by: 64 - precision)
        var rounded = kept
        var roundedExponent = exponent
        if rounding.roundsAway(negative: sign, remainder, odd: kept & 1 != 0) {
            rounded += 1
            if rounded >> UInt64(precision) != 0 {
                rounded >>= 1
                roundedExponent += 1
            }
        }
        let inexact: Exceptions = remainder == .exact ? [] : .precision
        if roundedExponent > maxExponent {
            if !environment.masked.contains(.overflow) { return FloatResult(bits: 0, exceptions: raised.union(.overflow).union(inexact)) }
            let toInfinity = switch rounding {
            case .nearestEven: true
            case .up: !sign
            case .down: sign
            case .towardZero: false
            }
            return FloatResult(bits: signBits | (toInfinity ? infinity : largestFinite),
                               exceptions: raised.union([.overflow, .precision]))
        }
        if roundedExponent < minExponent {
            if !environment.masked.contains(.underflow) { return FloatResult(bits: 0, exceptions: raised.union(.underflow).union(inexact)) }
            if flushToZero { return FloatResult(bits: signBits, exceptions: raised.union([.underflow, .precision])) }
            let (denormal, denormalRemainder) = shiftRight(significand, by: 64 - precision + minExponent - exponent)
            var fraction = denormal
            if rounding.roundsAway(negative: sign, denormalRemainder, odd: denormal & 1 != 0) { fraction += 1 }
            let flags: Exceptions = denormalRemainder == .exact ? [] : [.underflow, .precision]
            return FloatResult(bits: signBits | fraction, exceptions: raised.union(flags))
        }
        let biased = UInt64(roundedExponent + bias) << UInt64(fractionBits)
        return FloatResult(bits: signBits | biased | (rounded & fractionMask), exceptions: raised.union(inexact))
    }

    /// `round` with the environment's FTZ.
    func round(negative sign: Bool, exponent: Int, significand: UInt64, _ environment: FloatEnvironment,
               raised: Exceptions = []) -> FloatResult<UInt64> {
        round(negative: sign, exponent: exponent, significand: significand, environment, raised: raised,
              flushToZero: environment.flushToZero)
    }

    /// A finite operand passed through unchanged in value (still subject to FTZ and unmasked UE
    /// when it is a denormal).
    func round(_ operand: Operand, negative sign: Bool, _ environment: FloatEnvironment, raised: Exceptions) -> FloatResult<UInt64> {
        round(negative: sign, exponent: operand.exponent, significand: operand.significand, environment, raised: raised)
    }
}
