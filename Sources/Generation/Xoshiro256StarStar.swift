import X86

/// xoshiro256** (Blackman and Vigna, 2018): a small, fast 64-bit generator whose output is the
/// same on every machine, so that a case is reproducible from its seed and index alone.
///
/// Its 256-bit state is filled by `SplitMix64`, as its authors recommend. `Xoshiro256StarStar(seed:
/// caseIndex:)` gives case `i` of a campaign its own stream: a pure function of `(seed, i)` that
/// does not depend on how many numbers earlier cases drew.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// A generator with exactly this state (for checking against the reference implementation).
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
    }

    /// A generator whose state is four consecutive SplitMix64 outputs starting from `state`.
    public init(splitMixState state: UInt64) {
        var mixer = SplitMix64(state: state)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The stream of case `caseIndex` of campaign `seed`: SplitMix64 started at
    /// `mix(mix(seed) + caseIndex)`, where `mix` is SplitMix64's output function. Mixing twice
    /// keeps the streams of neighbouring cases (and of neighbouring seeds) unrelated.
    public init(seed: UInt64, caseIndex: UInt64) {
        self.init(splitMixState: SplitMix64.mix(SplitMix64.mix(seed) &+ caseIndex))
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A number in `0..<bound` by Lemire's multiply-high method, without the rejection step: the
    /// bias is below `bound / 2^64`, irrelevant for the small bounds used here, and skipping the
    /// rejection keeps every draw to exactly one `next()`.
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `percent` / 100.
    @inline(__always)
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// A random byte.
    public mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next() >> 56) }

    @inline(__always)
    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 { (value << count) | (value >> (64 - count)) }
}
