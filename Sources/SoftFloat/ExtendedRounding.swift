/// The x87's rounding of an exact result to the destination (Intel SDM Vol. 1 §4.8.4, §8.5.4,
/// §8.5.5): to the precision control's width with an unbounded exponent first, which decides
/// overflow (above 2^16383) and tininess (below 2^-16382, so tininess is detected after rounding);
/// then, per the masks, infinity or the largest finite number, a denormal, or the result with its
/// exponent biased by 24576 (the unmasked responses for a register destination). Under a reduced
/// precision control a denormal is rounded at that precision's unit, 2^(-16382 - (p - 1)).
/// Stores to a narrower format round the same way within that format's exponent range.
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

    /// An exact value rounded for a destination: `kept * 2^quantum`, or infinity; nil when an
    /// unmasked overflow or underflow stores nothing (a memory destination, Vol. 1 §8.5.4), and
    /// then only OE or UE is flagged, without PE or C1 (measured on Zen 3).
    @usableFromInline
    enum Rounded {
        case finite(kept: UInt128, quantum: Int)
        case infinity
    }

    /// The exact value `significand * 2^(exponent - 127)` (bit 127 set) rounded to `precision`
    /// bits within the exponent range `minimum...maximum`. An unmasked overflow or underflow
    /// gives the result with its exponent moved by `unmaskedBias` (24576 for a register, Vol. 1
    /// §8.5.4-5), or nothing when it is nil.
    @inlinable
    static func rounded(negative: Bool, exponent: Int, significand: UInt128, precision: Int, minimum: Int, maximum: Int,
                        unmaskedBias: Int?, _ environment: ExtendedEnvironment,
                        raised: Exceptions) -> (value: Rounded?, exceptions: Exceptions, roundedUp: Bool) {
        var (kept, inexact, up) = roundedBits(significand, keep: precision, negative: negative, environment.rounding)
        var roundedExponent = exponent
        if kept >> UInt128(precision) != 0 {
            kept >>= 1
            roundedExponent += 1
        }
        let precisionFlag: Exceptions = inexact ? .precision : []
        if roundedExponent > maximum {
            if !environment.masked(.overflow) {
                guard let unmaskedBias else { return (nil, raised.union(.overflow), false) }
                // Still too large after the bias (FSCALE's massive overflow): infinity, with PE.
                if roundedExponent - unmaskedBias > maximum { return (.infinity, raised.union([.overflow, .precision]), true) }
                return (.finite(kept: kept, quantum: roundedExponent - unmaskedBias - precision + 1),
                        raised.union(.overflow).union(precisionFlag), up)
            }
            // Rounding away from zero from beyond the largest number reaches infinity.
            let toInfinity = environment.rounding.roundsAway(negative: negative, Dropped(rest: 3, half: 2), odd: false)
            let largest = Rounded.finite(kept: (1 << UInt128(precision)) - 1, quantum: maximum - precision + 1)
            return (toInfinity ? .infinity : largest, raised.union([.overflow, .precision]), toInfinity)
        }
        if roundedExponent < minimum {
            if !environment.masked(.underflow) {
                guard let unmaskedBias else { return (nil, raised.union(.underflow), false) }
                // Still too small after the bias (FSCALE's massive underflow): zero, with PE.
                if roundedExponent + unmaskedBias < minimum { return (.finite(kept: 0, quantum: 0), raised.union([.underflow, .precision]), false) }
                return (.finite(kept: kept, quantum: roundedExponent + unmaskedBias - precision + 1),
                        raised.union(.underflow).union(precisionFlag), up)
            }
            // A denormal keeps the bits its precision keeps at the smallest normal exponent: its
            // unit is 2^(minimum - (precision - 1)), also under a reduced precision control
            // (measured on Zen 3: the top p bits of the 64-bit field).
            let keep = min(precision, exponent - minimum + precision)
            let denormal = roundedBits(significand, keep: keep, negative: negative, environment.rounding)
            return (.finite(kept: denormal.kept, quantum: exponent - keep + 1),
                    raised.union(denormal.inexact ? [.underflow, .precision] : []), denormal.up)
        }
        return (.finite(kept: kept, quantum: roundedExponent - precision + 1), raised.union(precisionFlag), up)
    }

    /// The exact value `significand * 2^(exponent - 127)` (bit 127 set) rounded to a register.
    @inlinable
    static func round(negative: Bool, exponent: Int, significand: UInt128, _ environment: ExtendedEnvironment,
                      raised: Exceptions) -> ExtendedResult {
        let result = rounded(negative: negative, exponent: exponent, significand: significand, precision: environment.precision.bits,
                             minimum: minimumExponent, maximum: maximumExponent, unmaskedBias: 24576, environment, raised: raised)
        let value: Extended? = switch result.value {
        case .finite(let kept, let quantum): encode(negative: negative, kept, quantum: quantum)
        case .infinity: .infinity(negative: negative)
        case nil: nil
        }
        return ExtendedResult(value: value, exceptions: result.exceptions, roundedUp: result.roundedUp)
    }

    /// An operation with no defined result (Vol. 1 §8.5.1.2): the indefinite when masked.
    @inlinable
    public static func invalidOperation(_ environment: ExtendedEnvironment, raised: Exceptions = []) -> ExtendedResult {
        ExtendedResult(value: environment.masked(.invalid) ? indefinite : nil, exceptions: raised.union(.invalid))
    }

    /// The result when an operand is an unsupported encoding or a NaN (Vol. 1 §4.8.3.5 Table 4-7,
    /// §8.2.2): an unsupported operand is invalid; of two NaNs a QNaN wins over an SNaN, then the
    /// larger significand, then the positive one (measured on Zen 3); the NaN is returned quiet,
    /// and an SNaN operand is invalid. Nil when no operand is either.
    @inlinable
    public static func nonNumericResult(_ a: Extended, _ b: Extended?, _ environment: ExtendedEnvironment) -> ExtendedResult? {
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
                chosen = b.significand > a.significand || (b.significand == a.significand && !b.isNegative) ? b : a
            }
        }
        if signaling && !environment.masked(.invalid) { return ExtendedResult(value: nil, exceptions: .invalid) }
        return ExtendedResult(value: Extended(signExponent: chosen.signExponent, significand: chosen.significand | quietBit),
                              exceptions: signaling ? .invalid : [])
    }

    /// DE when an operand is a denormal or pseudo-denormal (Vol. 1 §8.5.2); unmasked, the
    /// operation stops before computing.
    @inlinable
    public static func denormalCheck(_ a: Extended, _ b: Extended?, _ environment: ExtendedEnvironment) -> (Exceptions, stop: ExtendedResult?) {
        guard a.isDenormalOperand || b?.isDenormalOperand == true else { return ([], nil) }
        return (.denormal, environment.masked(.denormal) ? nil : ExtendedResult(value: nil, exceptions: .denormal))
    }
}
