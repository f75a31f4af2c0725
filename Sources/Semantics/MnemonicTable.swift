import X86

/// A lookup table from mnemonic to semantics that hashes the packed mnemonic with one multiply
/// instead of SipHash, by the key each instruction carries: the filter and the model look one up
/// for every case (`Dictionary<String, _>` was a twentieth of a prediction's cost, and packing
/// the string per lookup another twentieth).
///
/// Compact: 32-byte slots at most half full and the semantics in a dense array (about 190 KB in
/// all, where sparse slots holding the keys' strings and the semantics took about 790 KB). A
/// campaign still misses the cache on both loads of a lookup (perf: 1.4% of its samples, the
/// same as before): its stages walk hundreds of cases' data between one lookup and the next.
struct MnemonicTable: Sendable {
    /// An occupied slot holds a packed mnemonic and its entry's position; `entry` is -1 where empty.
    private struct Slot {
        var key = PackedName("")
        var entry = -1
    }

    private let slots: [Slot]
    private let semantics: [Semantic]
    /// Each entry's mnemonic, compared only where the packing does not hold all of it.
    private let mnemonics: [String]
    private let shift: UInt64

    init(_ entries: [String: Semantic]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        var slots = Array(repeating: Slot(), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        let pairs = Array(entries)
        semantics = pairs.map(\.value)
        mnemonics = pairs.map(\.key)
        for (position, mnemonic) in mnemonics.enumerated() {
            let key = PackedName(mnemonic)
            var slot = Int(Self.bucket(key) >> shift)
            while slots[slot].entry >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Slot(key: key, entry: position)
        }
        self.slots = slots
    }

    private static func bucket(_ packed: PackedName) -> UInt64 {
        (packed.low ^ packed.high &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
    }

    /// The semantics of `instruction`'s mnemonic, by the key the instruction carries.
    subscript(instruction: Instruction) -> Semantic? {
        let packed = instruction.mnemonicKey
        var slot = Int(Self.bucket(packed) >> shift)
        while true {
            let candidate = slots[slot]
            guard candidate.entry >= 0 else { return nil }
            if candidate.key == packed, packed.isComplete || mnemonics[candidate.entry] == instruction.mnemonic {
                return semantics[candidate.entry]
            }
            slot = (slot + 1) & (slots.count - 1)
        }
    }
}
