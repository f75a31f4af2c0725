/// The x87's rounding of an exact result to the destination (Intel SDM Vol. 1 §4.8.4, §8.5.4,
/// §8.5.5): to the precision control's width with an unbounded exponent first, which decides
/// overflow (above 2^16383) and tininess (below 2^-16382, so tininess is detected after rounding);
/// then, per the masks, infinity or the largest finite number, a denormal, or the result with its
/// exponent biased by 24576 (the unmasked responses for a register destination). Under a reduced
/// precision control a denormal is rounded at that precision's unit, 2^(-16382 - (p - 1)).
extension Extended {
    /// A finite nonzero positive operand as `significand * 2^(exponent - 63)`, bit 63 set;
    /// denormals normalized.
    @usableFromInline
    struct Unpacked {
        @usableFromInline var exponent: Int
        @usableFromInline var significand: UInt64

        @inlinable
        init(_ value: Extended) {
            if value.biasedExponent == 0 {
                let shift = value.significand.leadingZeroBitCount
                exponent = Extended.minimumExponent - shift
                significand = value.significand << UInt64(shift)
            } else {
                exponent = value.biasedExponent - Extended.bias
                significand = value.significand
            }
        }
    }

    /// `significand` cut to its top `keep` bits (any count, also none or fewer): the kept bits
    /// rounded per `rounding`, whether any bit was dropped, and whether it rounded up.
    @inlinable
    static func roundedBits(_ significand: UInt128, keep: Int, negative: Bool,
                            _ rounding: RoundingMode) -> (kept: UInt128, inexact: Bool, up: Bool) {
        let drop = 128 - keep
        var kept: UInt128 = 0
        let rest: UInt128
        let half: UInt128
        if drop <= 0 {
            return (significand, false, false)
        } else if drop < 128 {
            kept = significand >> UInt128(drop)
            rest = significand & ((1 << UInt128(drop)) - 1)
            half = 1 << UInt128(drop - 1)
        } else if drop == 128 {
            rest = significand
            half = 1 << 127
        } else {
            rest = significand == 0 ? 0 : 1
            half = 2
        }
        if rest == 0 { return (kept, false, false) }
        let dropped = Dropped(rest: rest > half ? 3 : rest == half ? 2 : 1, half: 2)
        let up = rounding.roundsAway(negative: negative, dropped, odd: kept & 1 == 1)
        return (up ? kept + 1 : kept, true, up)
    }

    /// `kept * 2^quantum` as an 80-bit value: normal where its exponent allows, denormal below.
    @inlinable
    static func encode(negative: Bool, _ kept: UInt128, quantum: Int) -> Extended {
        if kept == 0 { return .zero(negative: negative) }
        let top = 127 - kept.leadingZeroBitCount
        let exponent = quantum + top
        let sign: UInt16 = negative ? 0x8000 : 0
        if exponent > maximumExponent { return .infinity(negative: negative) }
        if exponent >= minimumExponent {
            return Extended(signExponent: sign | UInt16(exponent + bias), significand: UInt64(kept << UInt128(63 - top)))
        }
        return Extended(signExponent: sign, significand: UInt64(kept << UInt128(quantum - minimumExponent + 63)))
    }

    /// The exact value `significand * 2^(exponent - 127)` (bit 127 set) rounded to the destination.
    @inlinable
    static func round(negative: Bool, exponent: Int, significand: UInt128, _ environment: ExtendedEnvironment,
                      raised: Exceptions) -> ExtendedResult {
        let precision = environment.precision.bits
        var (kept, inexact, up) = roundedBits(significand, keep: precision, negative: negative, environment.rounding)
        var roundedExponent = exponent
        if kept >> UInt128(precision) != 0 {
            kept >>= 1
            roundedExponent += 1
        }
        let precisionFlag: Exceptions = inexact ? .precision : []
        if roundedExponent > maximumExponent {
            if !environment.masked(.overflow) {
                return ExtendedResult(value: encode(negative: negative, kept, quantum: roundedExponent - 24576 - precision + 1),
                                      exceptions: raised.union(.overflow).union(precisionFlag), roundedUp: up)
            }
            // Rounding away from zero from beyond the largest number reaches infinity.
            let toInfinity = environment.rounding.roundsAway(negative: negative, Dropped(rest: 3, half: 2), odd: false)
            let largest = encode(negative: negative, (1 << UInt128(precision)) - 1, quantum: maximumExponent - precision + 1)
            return ExtendedResult(value: toInfinity ? .infinity(negative: negative) : largest,
                                  exceptions: raised.union([.overflow, .precision]), roundedUp: toInfinity)
        }
        if roundedExponent < minimumExponent {
            if !environment.masked(.underflow) {
                return ExtendedResult(value: encode(negative: negative, kept, quantum: roundedExponent + 24576 - precision + 1),
                                      exceptions: raised.union(.underflow).union(precisionFlag), roundedUp: up)
            }
            // A denormal keeps the bits of its 64-bit field that the precision control keeps:
            // its unit is that of the smallest normal number at this precision (measured on Zen 3).
            let keep = min(precision, exponent - minimumExponent + precision)
            let denormal = roundedBits(significand, keep: keep, negative: negative, environment.rounding)
            return ExtendedResult(value: encode(negative: negative, denormal.kept, quantum: exponent - keep + 1),
                                  exceptions: raised.union(denormal.inexact ? [.underflow, .precision] : []), roundedUp: denormal.up)
        }
        return ExtendedResult(value: encode(negative: negative, kept, quantum: roundedExponent - precision + 1),
                              exceptions: raised.union(precisionFlag), roundedUp: up)
    }

    /// An operation with no defined result (Vol. 1 §8.5.1.2): the indefinite when masked.
    @inlinable
    static func invalidOperation(_ environment: ExtendedEnvironment, raised: Exceptions = []) -> ExtendedResult {
        ExtendedResult(value: environment.masked(.invalid) ? indefinite : nil, exceptions: raised.union(.invalid))
    }

    /// The result when an operand is an unsupported encoding or a NaN (Vol. 1 §4.8.3.5 Table 4-7,
    /// §8.2.2): an unsupported operand is invalid; of two NaNs a QNaN wins over an SNaN, then the
    /// larger significand; the NaN is returned quiet, and an SNaN operand is invalid. Nil when no
    /// operand is either.
    @inlinable
    static func nonNumericResult(_ a: Extended, _ b: Extended?, _ environment: ExtendedEnvironment) -> ExtendedResult? {
        if a.isUnsupported || b?.isUnsupported == true { return invalidOperation(environment) }
        let signaling = a.kind == .signalingNaN || b?.kind == .signalingNaN
        let chosen: Extended
        switch (a.isNaN, b?.isNaN == true) {
        case (false, false): return nil
        case (true, false): chosen = a
        case (false, true): chosen = b!
        case (true, true):
            let b = b!
            if a.kind != b.kind {
                chosen = a.kind == .quietNaN ? a : b
            } else {
                chosen = b.significand > a.significand ? b : a
            }
        }
        if signaling && !environment.masked(.invalid) { return ExtendedResult(value: nil, exceptions: .invalid) }
        return ExtendedResult(value: Extended(signExponent: chosen.signExponent, significand: chosen.significand | quietBit),
                              exceptions: signaling ? .invalid : [])
    }

    /// DE when an operand is a denormal or pseudo-denormal (Vol. 1 §8.5.2); unmasked, the
    /// operation stops before computing.
    @inlinable
    static func denormalCheck(_ a: Extended, _ b: Extended?, _ environment: ExtendedEnvironment) -> (Exceptions, stop: ExtendedResult?) {
        guard a.isDenormalOperand || b?.isDenormalOperand == true else { return ([], nil) }
        return (.denormal, environment.masked(.denormal) ? nil : ExtendedResult(value: nil, exceptions: .denormal))
    }
}
