/// The deterministic contents of the data window for a seed.
///
/// Quadword `i` of the window is `splitmix64(seed + (i + 1) * golden)`: a counter-based hash, so
/// the sandbox can fill the whole window quickly and the model can compute any single byte
/// without materialising the rest.
public enum DataWindowFill {
    /// The quadword at `index` (counted in quadwords from the window's base): output `index + 1`
    /// of a SplitMix64 generator started at `seed`.
    @inlinable
    public static func quadword(seed: UInt64, index: UInt64) -> UInt64 {
        SplitMix64.mix(seed &+ (index &+ 1) &* SplitMix64.increment)
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
