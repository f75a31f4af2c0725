/// The bits shifted out below a rounding position, as `rest` against `half`, the value of half
/// a unit of the position (when more than 64 bits go, a nonzero rest is 1 against a half of 2).
@usableFromInline
struct Dropped {
    @usableFromInline var rest: UInt64
    @usableFromInline var half: UInt64

    @inlinable @inline(__always)
    init(rest: UInt64, half: UInt64) {
        self.rest = rest
        self.half = half
    }

    @inlinable @inline(__always) var isExact: Bool { rest == 0 }
}

/// `significand` shifted right by `shift` (any amount), and what was shifted out.
@inlinable @inline(__always)
func shiftRight(_ significand: UInt64, by shift: Int) -> (kept: UInt64, dropped: Dropped) {
    if shift == 0 { return (significand, Dropped(rest: 0, half: 1)) }
    if shift < 64 {
        let count = UInt64(shift)
        return (significand >> count, Dropped(rest: significand & ((1 << count) &- 1), half: 1 << (count &- 1)))
    }
    if shift == 64 { return (0, Dropped(rest: significand, half: 1 << 63)) }
    return (0, Dropped(rest: significand == 0 ? 0 : 1, half: 2))
}

/// `value` shifted right by `shift`, with any 1 bit shifted out ORed into bit 0 (a sticky bit).
@inlinable @inline(__always)
func shiftRightJamming(_ value: UInt64, by shift: Int) -> UInt64 {
    if shift == 0 { return value }
    if shift >= 64 { return value == 0 ? 0 : 1 }
    return value >> UInt64(shift) | (value << UInt64(64 &- shift) == 0 ? 0 : 1)
}

/// `value` shifted right by `shift`, with any 1 bit shifted out ORed into bit 0.
@inlinable @inline(__always)
func shiftRightJamming(_ value: UInt128, by shift: Int) -> UInt128 {
    if shift == 0 { return value }
    if shift >= 128 { return value == 0 ? 0 : 1 }
    return value >> UInt128(shift) | (value << UInt128(128 &- shift) == 0 ? 0 : 1)
}

/// The top 64 bits of a 128-bit significand whose leading one is bit 127, the rest jammed into bit 0.
@inlinable @inline(__always)
func narrowJamming(_ value: UInt128) -> UInt64 {
    UInt64(truncatingIfNeeded: value >> 64) | (UInt64(truncatingIfNeeded: value) == 0 ? 0 : 1)
}

extension RoundingMode {
    /// Whether a value of `sign` that loses `dropped` rounds away from zero, given whether the
    /// kept part is odd.
    @inlinable @inline(__always)
    func roundsAway(negative sign: Bool, _ dropped: Dropped, odd: Bool) -> Bool {
        switch self {
        case .nearestEven: dropped.rest > dropped.half || (dropped.rest == dropped.half && odd)
        case .up: dropped.rest != 0 && !sign
        case .down: dropped.rest != 0 && sign
        case .towardZero: false
        }
    }
}

extension FloatFormat {
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
    @inlinable
    static func round(negative sign: Bool, exponent: Int, significand: UInt64, _ environment: FloatEnvironment,
                      raised: Exceptions = [], flushToZero: Bool) -> FloatResult<UInt64> {
        let signBits = sign ? layout.signBit : 0
        let precision = layout.precision
        let rounding = environment.rounding
        let (kept, dropped) = shiftRight(significand, by: 64 &- precision)
        var rounded = kept
        var roundedExponent = exponent
        if rounding.roundsAway(negative: sign, dropped, odd: kept & 1 != 0) {
            rounded &+= 1
            if rounded >> UInt64(precision) != 0 {
                rounded >>= 1
                roundedExponent &+= 1
            }
        }
        let inexact: Exceptions = dropped.isExact ? [] : .precision
        if roundedExponent > layout.maxExponent {
            if !environment.masked.contains(.overflow) { return FloatResult(bits: 0, exceptions: raised.union(.overflow).union(inexact)) }
            let toInfinity = switch rounding {
            case .nearestEven: true
            case .up: !sign
            case .down: sign
            case .towardZero: false
            }
            return FloatResult(bits: signBits | (toInfinity ? layout.infinity : layout.largestFinite),
                               exceptions: raised.union([.overflow, .precision]))
        }
        if roundedExponent < layout.minExponent {
            if !environment.masked.contains(.underflow) { return FloatResult(bits: 0, exceptions: raised.union(.underflow).union(inexact)) }
            if flushToZero { return FloatResult(bits: signBits, exceptions: raised.union([.underflow, .precision])) }
            let (denormal, denormalDropped) = shiftRight(significand, by: 64 &- precision &+ layout.minExponent &- exponent)
            var fraction = denormal
            if rounding.roundsAway(negative: sign, denormalDropped, odd: denormal & 1 != 0) { fraction &+= 1 }
            let flags: Exceptions = denormalDropped.isExact ? [] : [.underflow, .precision]
            return FloatResult(bits: signBits | fraction, exceptions: raised.union(flags))
        }
        let biased = UInt64(roundedExponent &+ layout.bias) << UInt64(layout.fractionBits)
        return FloatResult(bits: signBits | biased | (rounded & layout.fractionMask), exceptions: raised.union(inexact))
    }

    /// `round` with the environment's FTZ.
    @inlinable
    static func round(negative sign: Bool, exponent: Int, significand: UInt64, _ environment: FloatEnvironment,
                      raised: Exceptions = []) -> FloatResult<UInt64> {
        round(negative: sign, exponent: exponent, significand: significand, environment, raised: raised,
              flushToZero: environment.flushToZero)
    }

    /// A finite operand passed through unchanged in value (still subject to FTZ and unmasked UE
    /// when it is a denormal).
    @inlinable
    static func round(_ operand: Operand, negative sign: Bool, _ environment: FloatEnvironment, raised: Exceptions) -> FloatResult<UInt64> {
        round(negative: sign, exponent: operand.exponent, significand: operand.significand, environment, raised: raised)
    }
}
