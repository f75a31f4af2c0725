/// A mnemonic's first 16 bytes packed little-endian into two words, with its length: what the
/// model's table looks semantics up by. An instruction computes it once, when its mnemonic is
/// set, instead of once per lookup (the filter and the model each look up every case).
public struct MnemonicKey: Sendable, Hashable {
    public let low: UInt64
    public let high: UInt64
    /// The UTF-8 length; a mnemonic longer than 16 bytes needs its full text to be told apart.
    public let count: Int

    public init(_ mnemonic: String) {
        var text = mnemonic
        (low, high, count) = text.withUTF8 { bytes in
            var words: (UInt64, UInt64) = (0, 0)
            for index in 0..<min(bytes.count, 16) {
                let byte = UInt64(bytes[index]) << UInt64((index & 7) * 8)
                if index < 8 { words.0 |= byte } else { words.1 |= byte }
            }
            return (words.0, words.1, bytes.count)
        }
    }

    /// True when the key alone identifies the mnemonic.
    public var isComplete: Bool { count <= 16 }
}
