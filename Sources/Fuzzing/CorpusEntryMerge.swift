import Foundation

extension CorpusEntry {
    /// A corpus entry with the file it was read from and its `firstSeen` as a time: what a merge
    /// compares.
    public struct Located: Sendable {
        public var entry: CorpusEntry
        public var file: String
        public var seen: Date

        /// Reads `firstSeen` as ISO 8601 (what campaigns write); a time that does not parse is a
        /// conflict, since the merge could not tell which entry came first.
        public init(_ entry: CorpusEntry, file: String) throws(MergeError) {
            guard let seen = ISO8601DateFormatter().date(from: entry.firstSeen) else {
                throw MergeError(description: "\(file): firstSeen '\(entry.firstSeen)' is not an ISO 8601 time such as 2026-01-31T02:00:00Z")
            }
            self.entry = entry
            self.file = file
            self.seen = seen
        }
    }

    /// The one entry that stands for two of the same signature. Hits are summed (held at
    /// `Int.max`). The entry seen first is kept whole (its reproducer, outcomes, environment,
    /// origin, evidence and `firstSeen`), as a corpus keeps a signature's first reproducer; on the
    /// same second, the lower origin (seed, then case index) wins, so a fleet's merge does not
    /// depend on which machine ran first. Triage is never dropped: an untriaged entry (`open`, no
    /// notes) takes the other's status and notes, and two different triages are a conflict.
    public static func merging(_ first: Located, _ second: Located) throws(MergeError) -> Located {
        guard first.entry.signature == second.entry.signature else {
            throw MergeError(description: "\(first.file) and \(second.file) have the same hash but different signatures "
                + "('\(first.entry.signature.text)' and '\(second.entry.signature.text)')")
        }
        let (kept, other) = second.isBefore(first) ? (second, first) : (first, second)
        var merged = kept
        merged.entry.hits = Corpus.adding(other.entry.hits, to: kept.entry.hits)
        if !other.entry.isTriaged { return merged }
        if !kept.entry.isTriaged || kept.entry.triage == other.entry.triage {
            (merged.entry.status, merged.entry.notes) = other.entry.triage
            return merged
        }
        throw MergeError(description: "\(kept.file) and \(other.file) triage signature \(kept.entry.signature.hash) differently "
            + "(\(kept.entry.status.rawValue): '\(kept.entry.notes)'; \(other.entry.status.rawValue): '\(other.entry.notes)'); "
            + "make them agree, then merge")
    }

    /// True once a person has looked at the entry: it is fixed or carries notes.
    var isTriaged: Bool { status != .open || !notes.isEmpty }

    private var triage: (Status, String) { (status, notes) }
}

extension CorpusEntry.Located {
    /// Seen earlier, or in the same second from a lower origin.
    func isBefore(_ other: Self) -> Bool {
        if seen != other.seen { return seen < other.seen }
        let mine = (entry.origin.seed.value, entry.origin.caseIndex.value)
        let theirs = (other.entry.origin.seed.value, other.entry.origin.caseIndex.value)
        return mine < theirs
    }
}
