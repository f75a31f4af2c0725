/// A source operand taken apart: its class, sign, and for finite nonzero values the exponent of
/// the leading one with the significand shifted so that the leading one is bit 63, whatever the
/// format. MXCSR.DAZ is applied here (Intel SDM Vol. 1 §10.2.3.4): a denormal then reads as a zero
/// of its sign and is not a denormal operand.
@usableFromInline
struct Operand {
    @usableFromInline
    enum Kind: UInt8 {
        case zero, finite, infinity, quietNaN, signalingNaN
    }

    /// The operand's bits as the operation reads them (a DAZ-flushed denormal reads as zero).
    @usableFromInline var bits: UInt64
    @usableFromInline var sign: Bool
    @usableFromInline var kind: Kind
    /// The unbiased exponent of the leading one (finite nonzero values).
    @usableFromInline var exponent: Int
    /// The significand with its leading one at bit 63 (finite nonzero values), else 0.
    @usableFromInline var significand: UInt64
    /// A denormal read as one: the candidate for DE.
    @usableFromInline var isDenormal: Bool

    @inlinable @inline(__always)
    init<Format: FloatFormat>(_ raw: UInt64, _: Format.Type, denormalsAreZero: Bool) {
        let layout = Format.layout
        let fractionBits = UInt64(layout.fractionBits)
        let biased = (raw >> fractionBits) & layout.biasedExponentMask
        let fraction = raw & layout.fractionMask
        bits = raw
        sign = raw & layout.signBit != 0
        exponent = 0
        significand = 0
        isDenormal = false
        if biased == layout.biasedExponentMask {
            kind = fraction == 0 ? .infinity : fraction & layout.quietBit != 0 ? .quietNaN : .signalingNaN
        } else if biased != 0 {
            kind = .finite
            exponent = Int(biased) &- layout.bias
            significand = (fraction | (1 << fractionBits)) << (63 - fractionBits)
        } else if fraction == 0 {
            kind = .zero
        } else if denormalsAreZero {
            kind = .zero
            bits = raw & layout.signBit
        } else {
            kind = .finite
            isDenormal = true
            let shift = fraction.leadingZeroBitCount
            significand = fraction << UInt64(shift)
            exponent = layout.minExponent &- (shift &- (63 &- layout.fractionBits))
        }
    }

    @inlinable @inline(__always) var isNaN: Bool { kind == .quietNaN || kind == .signalingNaN }

    /// How two operands that are not NaNs compare by value (zeros of either sign are equal).
    @inlinable
    static func order(_ a: Operand, _ b: Operand) -> FloatOrdering {
        if a.kind == .zero && b.kind == .zero { return .equal }
        if a.sign != b.sign { return a.sign ? .less : .greater }
        let rankA = a.kind.rawValue, rankB = b.kind.rawValue
        let magnitude: FloatOrdering
        if rankA != rankB {
            magnitude = rankA < rankB ? .less : .greater
        } else if a.kind != .finite || (a.exponent == b.exponent && a.significand == b.significand) {
            magnitude = .equal
        } else {
            magnitude = a.exponent < b.exponent || (a.exponent == b.exponent && a.significand < b.significand) ? .less : .greater
        }
        switch (a.sign, magnitude) {
        case (true, .less): return .greater
        case (true, .greater): return .less
        default: return magnitude
        }
    }
}

extension FloatFormat {
    /// The QNaN floating-point indefinite: sign set, quiet bit set, the rest of the fraction zero
    /// (Intel SDM Vol. 1 §4.8.3.7, Table 4-3).
    @inlinable public static var defaultNaN: UInt64 { layout.signBit | layout.infinity | layout.quietBit }

    /// The result of an invalid operation with no NaN operand.
    @inlinable
    static func invalid() -> FloatResult<UInt64> {
        FloatResult(bits: defaultNaN, exceptions: .invalid)
    }

    /// The SSE NaN rule for two operands (Vol. 1 §4.8.3.5, Table 4-7; §11.5.2.1): the first
    /// operand's NaN if it is one, else the second's, an SNaN made quiet; IE when either is an SNaN.
    /// A NaN operand hides the other operand's denormal (no DE).
    @inlinable
    static func propagateNaN(_ a: Operand, _ b: Operand) -> FloatResult<UInt64> {
        let chosen = a.isNaN ? a.bits : b.bits
        let signaling = a.kind == .signalingNaN || b.kind == .signalingNaN
        return FloatResult(bits: chosen | layout.quietBit, exceptions: signaling ? .invalid : [])
    }

    /// A zero or infinity of `sign`.
    @inlinable @inline(__always)
    static func special(_ magnitude: UInt64, negative sign: Bool, _ exceptions: Exceptions = []) -> FloatResult<UInt64> {
        FloatResult(bits: magnitude | (sign ? layout.signBit : 0), exceptions: exceptions)
    }
}
