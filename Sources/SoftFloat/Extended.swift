/// An x87 double extended-precision value (Intel SDM Vol. 1 §4.2.2, §8.2.2): the sign and 15-bit
/// biased exponent in `signExponent`, and a 64-bit significand whose bit 63 is the explicit
/// integer bit, so that encodings the x87 no longer accepts as operands can be named too.
public struct Extended: Sendable, Hashable, CustomStringConvertible {
    public var signExponent: UInt16
    public var significand: UInt64

    @inlinable
    public init(signExponent: UInt16, significand: UInt64) {
        self.signExponent = signExponent
        self.significand = significand
    }

    public static let bias = 16383
    /// The exponent of the smallest normal number, and of the denormals' unit (Vol. 1 Table 4-3).
    public static let minimumExponent = -16382
    public static let maximumExponent = 16383
    @usableFromInline static let integerBit: UInt64 = 1 << 63
    @usableFromInline static let quietBit: UInt64 = 1 << 62

    /// The value of an 80-bit memory operand: the significand in bits 63:0, sign and exponent above.
    @inlinable
    public init(bits: UInt128) {
        self.init(signExponent: UInt16(truncatingIfNeeded: bits >> 64), significand: UInt64(truncatingIfNeeded: bits))
    }

    /// The 80 bits as memory holds them (`init(bits:)`).
    @inlinable public var bits: UInt128 { UInt128(signExponent) << 64 | UInt128(significand) }

    /// The QNaN floating-point indefinite (Vol. 1 §4.8.3.7): what a masked invalid operation gives.
    public static let indefinite = Extended(signExponent: 0xFFFF, significand: 0xC000_0000_0000_0000)

    /// Infinity with the given sign.
    @inlinable
    public static func infinity(negative: Bool) -> Extended {
        Extended(signExponent: negative ? 0xFFFF : 0x7FFF, significand: integerBit)
    }

    /// Zero with the given sign.
    @inlinable
    public static func zero(negative: Bool) -> Extended { Extended(signExponent: negative ? 0x8000 : 0, significand: 0) }

    @inlinable public var isNegative: Bool { signExponent & 0x8000 != 0 }
    @inlinable public var biasedExponent: Int { Int(signExponent & 0x7FFF) }

    /// The encoding classes of Vol. 1 §8.2.2 (Table 8-3). The x87 rejects unnormals,
    /// pseudo-infinities and pseudo-NaNs as operands (an invalid operation, §8.2.2).
    public enum Kind: Sendable, Hashable {
        case zero, denormal, pseudoDenormal, normal, unnormal, infinity, pseudoInfinity, quietNaN, signalingNaN, pseudoNaN
    }

    @inlinable
    public var kind: Kind {
        let hasIntegerBit = significand & Self.integerBit != 0
        let fraction = significand & ~Self.integerBit
        switch biasedExponent {
        case 0: return significand == 0 ? .zero : hasIntegerBit ? .pseudoDenormal : .denormal
        case 0x7FFF:
            if !hasIntegerBit { return fraction == 0 ? .pseudoInfinity : .pseudoNaN }
            if fraction == 0 { return .infinity }
            return fraction & Self.quietBit != 0 ? .quietNaN : .signalingNaN
        default: return hasIntegerBit ? .normal : .unnormal
        }
    }

    /// The power of two of the leading significand bit, for a finite nonzero value (a denormal's
    /// counted from its first one bit).
    @inlinable public var exponent: Int { Unpacked(self).exponent }

    @inlinable public var isNaN: Bool { kind == .quietNaN || kind == .signalingNaN }
    @inlinable public var isUnsupported: Bool { kind == .unnormal || kind == .pseudoInfinity || kind == .pseudoNaN }
    @inlinable public var isDenormalOperand: Bool { kind == .denormal || kind == .pseudoDenormal }

    /// `0x` and 20 hex digits: the sign and exponent, then the significand.
    public var description: String {
        let high = String(signExponent, radix: 16)
        let low = String(significand, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }
}

/// Precision control, FCW bits 9:8 (Vol. 1 §8.1.5.2): the significand width that FADD, FSUB,
/// FMUL, FDIV and FSQRT round to. The exponent range stays the extended one whatever it is.
public enum PrecisionControl: UInt8, Sendable, Hashable, CaseIterable {
    case single = 0
    case double = 2
    case extended = 3

    /// Significand bits, integer bit included.
    @inlinable public var bits: Int {
        switch self {
        case .single: 24
        case .double: 53
        case .extended: 64
        }
    }
}

/// What x87 arithmetic reads from the control word: rounding control (bits 11:10, the encoding of
/// `RoundingMode`), precision control, and the exception masks (bits 5:0, in `Exceptions`' order).
public struct ExtendedEnvironment: Sendable, Hashable {
    public var rounding: RoundingMode
    public var precision: PrecisionControl
    public var masks: Exceptions

    @inlinable
    public init(rounding: RoundingMode = .nearestEven, precision: PrecisionControl = .extended, masks: Exceptions = .all) {
        self.rounding = rounding
        self.precision = precision
        self.masks = masks
    }

    /// The environment of an FCW value; nil for the reserved precision control 01b.
    @inlinable
    public init?(fcw: UInt16) {
        guard let precision = PrecisionControl(rawValue: UInt8(fcw >> 8 & 3)) else { return nil }
        self.init(rounding: RoundingMode(rawValue: UInt8(fcw >> 10 & 3))!, precision: precision,
                  masks: Exceptions(rawValue: UInt32(fcw & 0x3F)))
    }

    @inlinable func masked(_ exceptions: Exceptions) -> Bool { masks.isSuperset(of: exceptions) }

    /// The same controls at extended precision: for the instructions the precision control does
    /// not apply to (FSCALE, FPREM, FPREM1).
    @inlinable public var atExtendedPrecision: ExtendedEnvironment {
        var environment = self
        environment.precision = .extended
        return environment
    }
}

/// The outcome of an x87 operation: the value for the destination (nil when an unmasked invalid,
/// denormal-operand or zero-divide exception leaves the operands alone, Vol. 1 §8.5), the
/// exception flags it sets, and C1, which says whether the result was rounded up in magnitude
/// (§8.1.3.1, "round-up bit").
public struct ExtendedResult: Sendable, Hashable {
    public var value: Extended?
    public var exceptions: Exceptions
    public var roundedUp: Bool

    @inlinable
    public init(value: Extended?, exceptions: Exceptions = [], roundedUp: Bool = false) {
        self.value = value
        self.exceptions = exceptions
        self.roundedUp = roundedUp
    }
}
