import X86

/// Random x87 state for a case: the eight data registers with every class of 80-bit encoding, a
/// random TOP and tag word, and control and status words the CPU keeps as loaded.
///
/// Classes (Intel SDM Vol. 1, 8.2.2 and 4.8.3): zero, normal, denormal, pseudo-denormal (exponent
/// 0, integer bit 1), infinity, quiet and signalling NaN, the unsupported encodings (pseudo-NaN,
/// pseudo-infinity, unnormal: a nonzero exponent with the integer bit clear), and MMX-style
/// values (exponent all ones, any significand), each with either sign.
enum X87Values {
    /// Fills FCW, FSW, the abridged tag word, ST(0)-ST(7) and, drawn last, the pointers (which
    /// the CPU shows only while FSW holds an unmasked exception), canonical at 48 bits but one
    /// time in four, so that a profile that does not know how many bits the CPU keeps still
    /// predicts most cases.
    static func randomize(_ vector: inout VectorState, _ rng: inout Xoshiro256StarStar) {
        var st = InlineArray<8, X87Register>(repeating: .zero)
        for index in 0..<8 { st[index] = register(&rng) }
        vector.st = st
        vector.ftw = rng.chance(50) ? UInt8(truncatingIfNeeded: rng.next()) : [0x00, 0xFF][rng.below(2)]
        vector.fcw = controlWord(&rng)
        vector.fsw = statusWord(&rng, fcw: vector.fcw)
        let pointers = X87Pointers(fop: UInt16(truncatingIfNeeded: rng.next()) & 0x7FF, fip: StateRandomizer.value(&rng),
                                   fdp: StateRandomizer.value(&rng))
        vector.x87Pointers = rng.chance(25) ? pointers : pointers.kept(bits: 48)
    }

    /// One data register of a random class.
    static func register(_ rng: inout Xoshiro256StarStar) -> X87Register {
        let sign: UInt16 = rng.chance(50) ? 0x8000 : 0
        let fraction = rng.next() & 0x7FFF_FFFF_FFFF_FFFF
        let integerBit: UInt64 = 1 << 63
        switch rng.below(20) {
        case 0..<2: return X87Register(significand: 0, signExponent: sign)
        case 2..<6: return X87Register(significand: integerBit | fraction, signExponent: sign | UInt16(1 + rng.below(0x7FFE)))
        case 6..<8: return X87Register(significand: integerBit | fraction, signExponent: sign | UInt16(0x3FFF - 8 + rng.below(16)))
        case 8: return X87Register(significand: fraction | 1, signExponent: sign)                          // denormal
        case 9: return X87Register(significand: integerBit | fraction, signExponent: sign)                 // pseudo-denormal
        case 10: return X87Register(significand: integerBit, signExponent: sign | 0x7FFF)                  // infinity
        case 11: return X87Register(significand: integerBit | 1 << 62 | fraction, signExponent: sign | 0x7FFF)  // QNaN
        case 12: return X87Register(significand: integerBit | (fraction & ~(1 << 62) | 1), signExponent: sign | 0x7FFF)  // SNaN
        case 13: return X87Register(significand: rng.chance(50) ? 0 : fraction, signExponent: sign | 0x7FFF)  // pseudo-inf/NaN
        case 14: return X87Register(significand: fraction, signExponent: sign | UInt16(1 + rng.below(0x7FFE)))  // unnormal
        default: return X87Register(significand: StateRandomizer.value(&rng), signExponent: 0xFFFF)      // MMX
        }
    }

    /// FCW: the exception masks mostly all set, random precision and rounding control, the
    /// reserved bit 6 set as FNINIT leaves it, the ignored infinity control bit 12 now and then.
    static func controlWord(_ rng: inout Xoshiro256StarStar) -> UInt16 {
        let masks: UInt16 = rng.chance(80) ? 0x3F : UInt16(truncatingIfNeeded: rng.next()) & 0x3F
        let precisionAndRounding = UInt16(truncatingIfNeeded: rng.next()) & 0x0F00
        let infinity: UInt16 = rng.chance(10) ? 0x1000 : 0
        return masks | 0x40 | precisionAndRounding | infinity
    }

    /// FSW: random TOP and condition codes, exception flags now and then; ES and B summarize the
    /// flags FCW leaves unmasked, as the CPU itself keeps them.
    static func statusWord(_ rng: inout Xoshiro256StarStar, fcw: UInt16) -> UInt16 {
        let topAndConditions = UInt16(truncatingIfNeeded: rng.next()) & 0x7F00
        let flags: UInt16 = rng.chance(25) ? UInt16(truncatingIfNeeded: rng.next()) & 0x7F : 0
        let pending = flags & ~fcw & 0x3F != 0
        return topAndConditions | flags | (pending ? 0x8080 : 0)
    }
}
