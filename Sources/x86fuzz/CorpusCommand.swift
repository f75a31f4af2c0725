import ArgumentParser
import Fuzzing

/// `x86fuzz corpus`: operations on corpus directories as wholes.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Work on corpus directories: merge the corpora of a fleet's shards into one.",
        subcommands: [Merge.self]
    )

    /// `x86fuzz corpus merge`: the union of corpora by signature.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge corpus directories into one, by signature: hits summed, the entry first seen kept.",
            discussion: """
            Entries of one signature become one entry: hits are summed; the entry with the earliest \
            firstSeen is kept whole (its reproducer, outcomes, environment, origin and firstSeen; on the \
            same second, the lower seed and case index); an untriaged entry (open, no notes) takes the \
            other's status and notes. The --into directory is created if missing, and its own entries \
            take part. Everything is read and checked first: an unreadable entry, another schema \
            version, a file not named by its signature (a .min.json), a directory given twice, the \
            target among the sources, or two different triages of one signature refuse the merge with \
            one line and nothing written. Changed entries are then written atomically under the \
            directory's lock. Hits are added each time: merge each shard once. With --base DIR, the \
            corpus every source started as a copy of (scripts/nightly.sh starts each shard from \
            corpus/), DIR's entries take part once and each source adds only the hits it gained. \
            Exit codes: 0 merged; 2 refused (one line on stderr says why) or a write failed.
            """
        )

        @Argument(help: "Corpus directories to merge (for example each shard's corpus).")
        var directories: [String] = []

        @Option(help: "The corpus directory to merge into (created if missing; its entries take part).")
        var into: String

        @Option(help: "The corpus every source started as a copy of: its hits are counted once, not once per source.")
        var base: String?

        func run() throws {
            guard !directories.isEmpty else { throw CommandFailure.usage("give at least one corpus directory to merge") }
            let result: CorpusMerge.Result
            do { result = try CorpusMerge.merge(directories, into: into, base: base) } catch {
                throw CommandFailure.usage("corpus merge refused: \(error)")
            }
            Console.line("merged \(result.read) entries from \(directories.count) directories into \(into): "
                + "\(result.added) new, \(result.updated) updated, \(result.total) signatures in all")
        }
    }
}
