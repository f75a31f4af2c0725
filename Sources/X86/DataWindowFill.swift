/// The deterministic contents of the data window for a seed.
///
/// Quadword `i` of the window is `splitmix64(seed + (i + 1) * golden)`: a counter-based hash, so
/// the sandbox can fill the whole window quickly and the model can compute any single byte
/// without materialising the rest.
public enum DataWindowFill {
    /// The quadword at `index` (counted in quadwords from the window's base).
    @inlinable
    public static func quadword(seed: UInt64, index: UInt64) -> UInt64 {
        var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seeded byte at `offset` from the window's base.
    @inlinable
    public static func byte(seed: UInt64, offset: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: quadword(seed: seed, index: offset >> 3) >> ((offset & 7) * 8))
    }

    /// Writes the seeded contents over `buffer` (whose start is the window's base).
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer, seed: UInt64) {
        let quadwords = buffer.count / 8
        for index in 0..<quadwords {
            buffer.storeBytes(of: quadword(seed: seed, index: UInt64(index)).littleEndian,
                              toByteOffset: index * 8, as: UInt64.self)
        }
    }
}
