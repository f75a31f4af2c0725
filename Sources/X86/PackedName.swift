/// A short ASCII name (a mnemonic, a register) packed little-endian into two words, with its
/// length: it compares and hashes as two integers and copies without reference counting.
public struct PackedName: Sendable, Hashable {
    public let low: UInt64
    public let high: UInt64
    /// The UTF-8 length; a name longer than 16 bytes keeps only its first 16.
    public let count: Int

    public init(_ name: String) {
        var text = name
        (low, high, count) = text.withUTF8 { bytes in
            var words: (UInt64, UInt64) = (0, 0)
            for index in 0..<min(bytes.count, 16) {
                let byte = UInt64(bytes[index]) << UInt64((index & 7) * 8)
                if index < 8 { words.0 |= byte } else { words.1 |= byte }
            }
            return (words.0, words.1, bytes.count)
        }
    }

    /// True when the packing holds the whole name.
    public var isComplete: Bool { count <= 16 }

    /// The name again (its first 16 bytes when it was longer).
    public var string: String {
        let bytes = (0..<min(count, 16)).map { index in
            UInt8(truncatingIfNeeded: (index < 8 ? low : high) >> UInt64((index & 7) * 8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
