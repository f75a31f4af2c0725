/// x87 loads from and stores to the single and double formats (Intel SDM Vol. 2A, FLD and FST).
extension Extended {
    /// FLD m32/m64: the value exactly. An SNaN comes back quiet with IE (unmasked, nothing is
    /// loaded); a denormal raises DE and is loaded even when DE is unmasked (measured on Zen 3).
    @inlinable
    public static func load<F: FloatFormat>(_ bits: F.Bits, _ format: F.Type, masks: Exceptions) -> ExtendedResult {
        let (value, denormal) = widened(bits, format)
        if value.kind == .signalingNaN {
            guard masks.isSuperset(of: .invalid) else { return ExtendedResult(value: nil, exceptions: .invalid) }
            return ExtendedResult(value: Extended(signExponent: value.signExponent, significand: value.significand | quietBit),
                                  exceptions: .invalid)
        }
        return ExtendedResult(value: value, exceptions: denormal ? .denormal : [])
    }

    /// A single or double value in the 80-bit format, exactly: an SNaN stays signaling, and a
    /// denormal comes back normalized, with `denormal` saying it was one (the arithmetic
    /// instructions' memory operands raise DE for it).
    @inlinable
    public static func widened<F: FloatFormat>(_ bits: F.Bits, _ format: F.Type) -> (value: Extended, denormal: Bool) {
        let layout = F.layout
        let raw = UInt64(bits)
        let negative = raw & layout.signBit != 0
        let sign: UInt16 = negative ? 0x8000 : 0
        let biased = (raw >> UInt64(layout.fractionBits)) & layout.biasedExponentMask
        let fraction = raw & layout.fractionMask
        let aligned = fraction << UInt64(63 - layout.fractionBits)
        if biased == layout.biasedExponentMask {
            return (Extended(signExponent: sign | 0x7FFF, significand: integerBit | aligned), false)
        }
        if biased == 0 {
            if fraction == 0 { return (.zero(negative: negative), false) }
            let shift = aligned.leadingZeroBitCount
            let exponent = layout.minExponent - shift
            return (Extended(signExponent: sign | UInt16(exponent + bias), significand: aligned << UInt64(shift)), true)
        }
        let exponent = Int(biased) - layout.bias
        return (Extended(signExponent: sign | UInt16(exponent + bias), significand: integerBit | aligned), false)
    }

    /// FST/FSTP m32/m64: `value` rounded per the rounding control (the precision control does not
    /// apply) within the format's exponent range. A NaN keeps the top of its payload, quiet (IE
    /// for an SNaN); an unsupported encoding is invalid (the format's indefinite). Nil bits when
    /// an unmasked exception stores nothing (Vol. 1 §8.5.4-5: no result for a memory destination).
    @inlinable
    public static func narrowed<F: FloatFormat>(_ value: Extended, to format: F.Type,
                                                _ environment: ExtendedEnvironment) -> (bits: F.Bits?, exceptions: Exceptions, roundedUp: Bool) {
        let layout = F.layout
        let sign: UInt64 = value.isNegative ? layout.signBit : 0
        switch value.kind {
        case .unnormal, .pseudoInfinity, .pseudoNaN:
            return (environment.masked(.invalid) ? F.Bits(F.defaultNaN) : nil, .invalid, false)
        case .quietNaN, .signalingNaN:
            let signaling = value.kind == .signalingNaN
            if signaling && !environment.masked(.invalid) { return (nil, .invalid, false) }
            let payload = (value.significand & ~integerBit) >> UInt64(63 - layout.fractionBits)
            return (F.Bits(sign | layout.infinity | layout.quietBit | payload), signaling ? .invalid : [], false)
        case .infinity: return (F.Bits(sign | layout.infinity), [], false)
        case .zero: return (F.Bits(sign), [], false)
        case .denormal, .pseudoDenormal, .normal:
            let unpacked = Unpacked(value)
            let result = rounded(negative: value.isNegative, exponent: unpacked.exponent, significand: UInt128(unpacked.significand) << 64,
                                 precision: layout.precision, minimum: layout.minExponent, maximum: layout.maxExponent,
                                 unmaskedBias: nil, environment, raised: [])
            switch result.value {
            case nil: return (nil, result.exceptions, result.roundedUp)
            case .infinity: return (F.Bits(sign | layout.infinity), result.exceptions, result.roundedUp)
            case .finite(let kept, let quantum):
                let bits: UInt64
                if kept == 0 {
                    bits = sign
                } else {
                    let top = 127 - kept.leadingZeroBitCount
                    let exponent = quantum + top
                    if exponent >= layout.minExponent {
                        let fraction = UInt64(kept << UInt128(layout.fractionBits - top)) & layout.fractionMask
                        bits = sign | UInt64(exponent + layout.bias) << UInt64(layout.fractionBits) | fraction
                    } else {
                        bits = sign | UInt64(kept << UInt128(quantum - layout.minExponent + layout.fractionBits))
                    }
                }
                return (F.Bits(bits), result.exceptions, result.roundedUp)
            }
        }
    }
}
