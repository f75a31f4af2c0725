import X86

/// A lookup table from mnemonic to semantics that hashes the packed mnemonic with one multiply
/// instead of SipHash, by the key each instruction carries: the filter and the model look one up
/// for every case (`Dictionary<String, _>` was a twentieth of a prediction's cost, and packing
/// the string per lookup another twentieth).
struct MnemonicTable: Sendable {
    /// A packed mnemonic, with the full text only where the packing cannot tell mnemonics apart.
    private struct Key: Equatable {
        var packed: PackedName
        var text: String

        init(_ packed: PackedName, mnemonic: @autoclosure () -> String) {
            self.packed = packed
            text = packed.isComplete ? "" : mnemonic()
        }

        var bucket: UInt64 { (packed.low ^ packed.high &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9 }
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
            let key = Key(PackedName(mnemonic), mnemonic: mnemonic)
            var slot = Int(key.bucket >> shift)
            while keys[slot] != nil { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = key
            values[slot] = semantic
        }
    }

    /// The semantics of `instruction`'s mnemonic, by the key the instruction carries.
    subscript(instruction: Instruction) -> Semantic? {
        let key = Key(instruction.mnemonicKey, mnemonic: instruction.mnemonic)
        var slot = Int(key.bucket >> shift)
        while let candidate = keys[slot] {
            if candidate == key { return values[slot] }
            slot = (slot + 1) & (keys.count - 1)
        }
        return nil
    }
}
