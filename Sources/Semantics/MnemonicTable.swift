/// A lookup table from mnemonic to semantics that hashes the mnemonic's bytes with one multiply
/// instead of SipHash: the model looks one up for every prediction (and `Dictionary<String, _>`
/// was a twentieth of a prediction's cost).
struct MnemonicTable: Sendable {
    /// A mnemonic's first 16 bytes, packed little-endian into two words (mnemonics are ASCII and
    /// at most 16 bytes long; longer ones keep their full text for the comparison).
    private struct Key: Equatable {
        var low: UInt64
        var high: UInt64
        var text: String

        init(_ mnemonic: String) {
            var text = mnemonic
            let (words, count) = text.withUTF8 { bytes in
                var words: (UInt64, UInt64) = (0, 0)
                for index in 0..<min(bytes.count, 16) {
                    let byte = UInt64(bytes[index]) << UInt64((index & 7) * 8)
                    if index < 8 { words.0 |= byte } else { words.1 |= byte }
                }
                return (words, bytes.count)
            }
            (low, high) = words
            self.text = count > 16 ? mnemonic : ""
        }

        var bucket: UInt64 { (low ^ high &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9 }
    }

    private var keys: [Key?]
    private var values: [Semantic?]
    private let shift: UInt64

    init(_ entries: [String: Semantic]) {
        var capacity = 16
        while capacity < entries.count * 4 { capacity *= 2 }
        keys = Array(repeating: nil, count: capacity)
        values = Array(repeating: nil, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for (mnemonic, semantic) in entries {
            let key = Key(mnemonic)
            var slot = Int(key.bucket >> shift)
            while keys[slot] != nil { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = key
            values[slot] = semantic
        }
    }

    subscript(mnemonic: String) -> Semantic? {
        let key = Key(mnemonic)
        var slot = Int(key.bucket >> shift)
        while let candidate = keys[slot] {
            if candidate == key { return values[slot] }
            slot = (slot + 1) & (keys.count - 1)
        }
        return nil
    }
}
