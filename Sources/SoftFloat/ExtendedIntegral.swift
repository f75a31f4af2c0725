/// x87 conversions to and from integers and FRNDINT (Intel SDM Vol. 2A, FILD, FIST, FISTTP,
/// FRNDINT): rounded per the rounding control (or truncated), never per the precision control.
extension Extended {
    /// FILD m16/m32/m64: exact.
    @inlinable
    public static func fromInteger<I: FixedWidthInteger & SignedInteger>(_ integer: I) -> Extended {
        if integer == 0 { return .zero(negative: false) }
        let magnitude = UInt64(integer.magnitude)
        let shift = magnitude.leadingZeroBitCount
        return Extended(signExponent: (integer < 0 ? 0x8000 : 0) | UInt16(63 - shift + bias), significand: magnitude << UInt64(shift))
    }

    /// `value` rounded to an integral magnitude per `rounding`: the magnitude, whether bits were
    /// dropped and whether it rounded up. Nil for a magnitude of 2^64 or more.
    @inlinable
    static func integralMagnitude(_ value: Extended, _ rounding: RoundingMode) -> (magnitude: UInt128, inexact: Bool, up: Bool)? {
        let unpacked = Unpacked(value)
        if unpacked.exponent >= 64 { return nil }
        let rounded = roundedBits(UInt128(unpacked.significand) << 64, keep: unpacked.exponent + 1, negative: value.isNegative, rounding)
        return (rounded.kept, rounded.inexact, rounded.up)
    }

    /// FIST/FISTP (per the rounding control) and FISTTP (`truncating`) to m16/m32/m64: a NaN, an
    /// infinity, an unsupported encoding or a value out of the type's range is invalid, stored as
    /// the integer indefinite (the type's minimum) when masked; nothing is stored when unmasked.
    @inlinable
    public static func integer<I: FixedWidthInteger & SignedInteger>(_ value: Extended, _ type: I.Type, truncating: Bool = false,
                                                                     _ environment: ExtendedEnvironment) -> (value: I?, exceptions: Exceptions, roundedUp: Bool) {
        let invalid: (value: I?, exceptions: Exceptions, roundedUp: Bool) = (environment.masked(.invalid) ? I.min : nil, .invalid, false)
        switch value.kind {
        case .zero: return (0, [], false)
        case .infinity, .quietNaN, .signalingNaN, .unnormal, .pseudoInfinity, .pseudoNaN: return invalid
        case .denormal, .pseudoDenormal, .normal: break
        }
        guard let rounded = integralMagnitude(value, truncating ? .towardZero : environment.rounding) else { return invalid }
        let limit = UInt128(I.max) + (value.isNegative ? 1 : 0)
        if rounded.magnitude > limit { return invalid }
        let magnitude = I(truncatingIfNeeded: rounded.magnitude)
        let result = value.isNegative ? 0 &- magnitude : magnitude
        return (result, rounded.inexact ? .precision : [], rounded.up)
    }

    /// FRNDINT: `value` rounded to an integer per the rounding control; a zero result keeps the
    /// operand's sign. NaNs and unsupported encodings as for arithmetic; DE for a denormal.
    @inlinable
    public static func roundToIntegral(_ value: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        if let result = nonNumericResult(value, nil, environment) { return result }
        let (raised, stop) = denormalCheck(value, nil, environment)
        if let stop { return stop }
        if value.kind == .zero || value.kind == .infinity { return ExtendedResult(value: value, exceptions: raised) }
        guard let rounded = integralMagnitude(value, environment.rounding) else { return ExtendedResult(value: value, exceptions: raised) }
        let result = encode(negative: value.isNegative, rounded.magnitude, quantum: 0)
        return ExtendedResult(value: result, exceptions: raised.union(rounded.inexact ? .precision : []), roundedUp: rounded.up)
    }
}

/// The x87's constants (Intel SDM Vol. 2A, FLD1/FLDL2T/FLDL2E/FLDPI/FLDLG2/FLDLN2/FLDZ).
extension Extended {
    public enum Constant: Sendable, CaseIterable {
        case one, log2Ten, log2E, pi, log10Two, lnTwo, zero

        /// The value's exponent and its first 128 significand bits (truncated; the irrational
        /// ones go on with nonzero bits, kept as a sticky bit 0).
        @usableFromInline var exact: (exponent: Int, significand: UInt128, irrational: Bool) {
            switch self {
            case .one: (0, 1 << 127, false)
            case .log2Ten: (1, 0xD49A_784B_CD1B_8AFE_492B_F6FF_4DAF_DB4C, true)
            case .log2E: (0, 0xB8AA_3B29_5C17_F0BB_BE87_FED0_691D_3E88, true)
            case .pi: (1, 0xC90F_DAA2_2168_C234_C4C6_628B_80DC_1CD1, true)
            case .log10Two: (-2, 0x9A20_9A84_FBCF_F798_8F89_59AC_0B7C_9178, true)
            case .lnTwo: (-1, 0xB172_17F7_D1CF_79AB_C9E3_B398_03F2_F6AF, true)
            case .zero: (0, 0, false)
            }
        }
    }

    /// A constant rounded to the 64-bit significand per the rounding control (not the precision
    /// control); C1 is not touched and no flag is set.
    @inlinable
    public static func constant(_ constant: Constant, rounding: RoundingMode) -> Extended {
        let exact = constant.exact
        if exact.significand == 0 { return .zero(negative: false) }
        let significand = exact.significand | (exact.irrational ? 1 : 0)
        let rounded = roundedBits(significand, keep: 64, negative: false, rounding)
        var kept = rounded.kept
        var exponent = exact.exponent
        if kept >> 64 != 0 {
            kept >>= 1
            exponent += 1
        }
        return Extended(signExponent: UInt16(exponent + bias), significand: UInt64(kept))
    }
}

/// Packed BCD (Intel SDM Vol. 1 §4.7, Vol. 2A FBLD, FBSTP): 18 digits in bytes 0-8, the sign in
/// bit 79, bits 72-78 ignored on load and zero on store.
extension Extended {
    /// FBLD: the 18-digit integer, exact. A digit nibble above 9 leaves the result undefined (Vol.
    /// 2A, FBLD): nil, unless `weighingInvalidDigits`, where such a nibble counts at its value
    /// times its power of ten, as Zen 3 does.
    @inlinable
    public static func fromPackedDecimal(_ bits: UInt128, weighingInvalidDigits: Bool = false) -> Extended? {
        var magnitude: UInt64 = 0
        for index in stride(from: 17, through: 0, by: -1) {
            let digit = UInt64(truncatingIfNeeded: bits >> UInt128(4 * index)) & 0xF
            if digit > 9 && !weighingInvalidDigits { return nil }
            magnitude = magnitude * 10 + digit
        }
        let negative = bits >> 79 & 1 == 1
        if magnitude == 0 { return .zero(negative: negative) }
        let value = fromInteger(Int64(magnitude))
        return Extended(signExponent: value.signExponent | (negative ? 0x8000 : 0), significand: value.significand)
    }

    /// The packed BCD integer indefinite: what a masked invalid FBSTP stores.
    public static let packedDecimalIndefinite: UInt128 = 0xFFFF_C000_0000_0000_0000

    /// FBSTP: `value` rounded to an integer per the rounding control and stored as 18 digits; a
    /// NaN, an infinity, an unsupported encoding or a magnitude of 10^18 or more is invalid (the
    /// indefinite when masked, nothing when unmasked). A zero keeps its sign.
    @inlinable
    public static func packedDecimal(_ value: Extended, _ environment: ExtendedEnvironment) -> (bits: UInt128?, exceptions: Exceptions, roundedUp: Bool) {
        let invalid: (bits: UInt128?, exceptions: Exceptions, roundedUp: Bool) = (environment.masked(.invalid) ? packedDecimalIndefinite : nil, .invalid, false)
        let sign: UInt128 = value.isNegative ? 1 << 79 : 0
        switch value.kind {
        case .zero: return (sign, [], false)
        case .infinity, .quietNaN, .signalingNaN, .unnormal, .pseudoInfinity, .pseudoNaN: return invalid
        case .denormal, .pseudoDenormal, .normal: break
        }
        guard let rounded = integralMagnitude(value, environment.rounding), rounded.magnitude < 1_000_000_000_000_000_000 else { return invalid }
        var digits: UInt128 = 0
        var rest = UInt64(rounded.magnitude)
        for index in 0..<18 {
            digits |= UInt128(rest % 10) << UInt128(4 * index)
            rest /= 10
        }
        return (sign | digits, rounded.inexact ? .precision : [], rounded.up)
    }
}
