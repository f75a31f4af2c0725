/// A source operand taken apart: its class, sign, and for finite nonzero values the exponent of
/// the leading one with the significand shifted so that the leading one is bit 63, whatever the
/// format. MXCSR.DAZ is applied here (Intel SDM Vol. 1 §10.2.3.4): a denormal then reads as a zero
/// of its sign and is not a denormal operand.
struct Operand {
        enum Kind: UInt8 {
        case zero, finite, infinity, quietNaN, signalingNaN
    }

    /// The operand's bits as the operation reads them (a DAZ-flushed denormal reads as zero).
    var bits: UInt64
    var sign: Bool
    var kind: Kind
    /// The unbiased exponent of the leading one (finite nonzero values).
    var exponent: Int
    /// The significand with its leading one at bit 63 (finite nonzero values), else 0.
    var significand: UInt64
    /// A denormal read as one: the candidate for DE.
    var isDenormal: Bool

        init(_ raw: UInt64, _ layout: FormatLayout, denormalsAreZero: Bool) {
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
            exponent = Int(biased) - layout.bias
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
            exponent = layout.minExponent - (shift - (63 - layout.fractionBits))
        }
    }

    var isNaN: Bool { kind == .quietNaN || kind == .signalingNaN }
}

extension FormatLayout {
    /// The QNaN floating-point indefinite: sign set, quiet bit set, the rest of the fraction zero
    /// (Intel SDM Vol. 1 §4.8.3.7, Table 4-3).
    var defaultNaN: UInt64 { signBit | infinity | quietBit }

    /// The result of an invalid operation with no NaN operand.
    func invalid() -> FloatResult<UInt64> {
        FloatResult(bits: defaultNaN, exceptions: .invalid)
    }

    /// The SSE NaN rule for two operands (Vol. 1 §4.8.3.5, Table 4-7; §11.5.2.1): the first
    /// operand's NaN if it is one, else the second's, an SNaN made quiet; IE when either is an SNaN.
    /// A NaN operand hides the other operand's denormal (no DE).
    func propagateNaN(_ a: Operand, _ b: Operand) -> FloatResult<UInt64> {
        let chosen = a.isNaN ? a.bits : b.bits
        let signaling = a.kind == .signalingNaN || b.kind == .signalingNaN
        return FloatResult(bits: chosen | quietBit, exceptions: signaling ? .invalid : [])
    }

    /// A zero or infinity of `sign`.
    func special(_ magnitude: UInt64, negative sign: Bool, _ exceptions: Exceptions = []) -> FloatResult<UInt64> {
        FloatResult(bits: magnitude | (sign ? signBit : 0), exceptions: exceptions)
    }
}
