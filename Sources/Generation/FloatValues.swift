/// Lane values for floating-point cases, as bit patterns: the values where floating point goes
/// wrong (signed zeros, infinities, quiet and signalling NaNs, denormals, the smallest and largest
/// normals, 1.0, operands whose sum or product lies halfway between two representable values,
/// and the edges of integer conversion), mixed with values near 1.0 and uniform bits.
enum FloatValues {
    /// A quadword: one double, two singles, or four halves, or uniform bits; so that a register
    /// serves whichever element width the instruction reads.
    static func quadword(_ rng: inout Xoshiro256StarStar) -> UInt64 {
        switch rng.below(10) {
        case 0..<4: return double(&rng)
        case 4..<8: return UInt64(single(&rng)) | UInt64(single(&rng)) << 32
        case 8: return (0..<4).reduce(0) { value, lane in value | UInt64(half(&rng)) << (16 * UInt64(lane)) }
        default: return rng.next()
        }
    }

    /// A single-precision value.
    static func single(_ rng: inout Xoshiro256StarStar) -> UInt32 {
        switch rng.below(8) {
        case 0..<3: return singles[rng.below(singles.count)]
        case 3..<6: return sign(&rng) | UInt32(0x3F00_0000 + rng.below(0x0100_0000))  // [0.5, 2): halfway sums
        case 6: return sign(&rng) | UInt32(truncatingIfNeeded: rng.below(0x0080_0000))          // denormals
        default: return UInt32(truncatingIfNeeded: rng.next())
        }
    }

    /// A double-precision value.
    static func double(_ rng: inout Xoshiro256StarStar) -> UInt64 {
        switch rng.below(8) {
        case 0..<3: return doubles[rng.below(doubles.count)]
        case 3..<6: return UInt64(sign(&rng)) << 32 | 0x3FE0_0000_0000_0000 + rng.next() % 0x0020_0000_0000_0000
        case 6: return UInt64(sign(&rng)) << 32 | rng.next() & 0x000F_FFFF_FFFF_FFFF
        default: return rng.next()
        }
    }

    /// A half-precision value (F16C's inputs).
    static func half(_ rng: inout Xoshiro256StarStar) -> UInt16 {
        rng.chance(60) ? halves[rng.below(halves.count)] : UInt16(truncatingIfNeeded: rng.next())
    }

    /// The sign bit of a single, or of a double's high half, set half the time.
    private static func sign(_ rng: inout Xoshiro256StarStar) -> UInt32 { rng.chance(50) ? 0x8000_0000 : 0 }

    static let singles: [UInt32] = [
        0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000,      // ±0, ±inf
        0x7FC0_0000, 0xFFC0_0000, 0x7FC0_1234, 0x7F80_0001, 0xFFA0_0000, 0x7FBF_FFFF, // QNaN, indefinite, SNaN
        0x0000_0001, 0x8000_0001, 0x007F_FFFF, 0x0040_0000,      // denormals
        0x0080_0000, 0x8080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF,      // smallest and largest normals
        0x3F80_0000, 0xBF80_0000, 0x3F80_0001, 0x3380_0000, 0x33C0_0000, 0x3F00_0000, 0x4040_0000, // 1, halfway addends
        0x4EFF_FFFF, 0x4F00_0000, 0xCF00_0000, 0xCF00_0001, 0x5EFF_FFFF, 0x5F00_0000, 0xDF00_0000, // integer edges
        0x1F80_0000, 0x2000_0000, 0x6080_0000, 0x0C80_0000,      // products that underflow or overflow
    ]

    static let doubles: [UInt64] = [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,
        0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000, 0x7FF8_0000_0000_1234, 0x7FF0_0000_0000_0001, 0xFFF4_0000_0000_0000,
        0x0000_0000_0000_0001, 0x8000_0000_0000_0001, 0x000F_FFFF_FFFF_FFFF, 0x0008_0000_0000_0000,
        0x0010_0000_0000_0000, 0x8010_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFF,
        0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x3FF0_0000_0000_0001, 0x3CA0_0000_0000_0000, 0x3CA8_0000_0000_0000,
        0x41DF_FFFF_FFC0_0000, 0x41DF_FFFF_FFE0_0000, 0x41E0_0000_0000_0000, 0xC1E0_0000_0000_0000, 0xC1E0_0000_0010_0000,
        0xC1E0_0000_0020_0000, 0x43DF_FFFF_FFFF_FFFF, 0x43E0_0000_0000_0000, 0xC3E0_0000_0000_0000,
        0x47EF_FFFF_E000_0000, 0x47EF_FFFF_F000_0000, 0x3810_0000_0000_0000, 0x380F_FFFF_F000_0000, // single's edges
        0x1FF0_0000_0000_0000, 0x2000_0000_0000_0000, 0x6010_0000_0000_0000,
    ]

    static let halves: [UInt16] = [
        0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7D00, 0x7C01, 0x0001, 0x8001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF,
        0x3C00, 0xBC00, 0x3555,
    ]
}
