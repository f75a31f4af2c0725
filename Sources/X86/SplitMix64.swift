/// SplitMix64 (Steele, Lea and Flood, 2014): a counter-based generator used to seed the
/// generator's xoshiro256** and, through its output function, to fill the data window.
public struct SplitMix64: Sendable {
    /// The counter, advanced by the golden-ratio increment per output.
    public var state: UInt64

    /// A generator starting at counter `state`.
    public init(state: UInt64) { self.state = state }

    /// Advances by the golden-ratio increment and returns the mixed counter.
    public mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }

    /// The golden-ratio increment between outputs.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's output function: a bijective 64-bit mixer.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
