/// Legacy prefix bytes in the order they appear, stored inline: an instruction has at most 14,
/// and an inline store keeps `Prefixes` free of reference counting, so that copying it (the model
/// does for every case) is a plain copy.
public struct LegacyPrefixes: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    /// Bytes 0-7 and 8-15, little-endian; unused bytes are zero.
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var length: UInt8 = 0

    /// How many bytes fit: a run of prefixes longer than an instruction can hold is cut here.
    public static let capacity = 16

    public init() {}

    public init(arrayLiteral bytes: UInt8...) { self.init(bytes) }

    public init(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(length) }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < endIndex, "legacy prefix index \(position) out of range")
        let word = position < 8 ? low : high
        return UInt8(truncatingIfNeeded: word >> UInt64((position & 7) * 8))
    }

    /// Adds `byte` after the others; bytes beyond `capacity` are dropped (no instruction has them).
    public mutating func append(_ byte: UInt8) {
        guard Int(length) < Self.capacity else { return }
        let shifted = UInt64(byte) << UInt64((Int(length) & 7) * 8)
        if length < 8 { low |= shifted } else { high |= shifted }
        length += 1
    }
}
