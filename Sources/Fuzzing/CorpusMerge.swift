import Foundation
import Glibc

/// `corpus merge`: the union of corpus directories by signature, written into one directory, so
/// that the shards of a fleet run (or the corpora of several machines) become one corpus.
///
/// Everything is read and checked before anything is written: an unreadable entry, another
/// schema version, a file not named by its signature, a source given twice, the target among the
/// sources, or two triages of one signature that disagree refuse the whole merge. Entries of one
/// signature become one (`CorpusEntry.merging`); the target's own entries take part. The entries
/// that change are then written together, atomically, under the target's lock, and never over
/// anything but a regular file.
public enum CorpusMerge {
    /// What a merge did.
    public struct Result: Sendable {
        /// Entries read from the sources.
        public var read = 0
        /// Signatures the target did not hold before.
        public var added = 0
        /// Signatures the target already held that gained hits (and perhaps triage).
        public var updated = 0
        /// Signatures in the target after the merge.
        public var total = 0
    }

    /// Merges every entry of `sources` into `target` (created if missing). With `base`, the
    /// corpus every source started as a copy of (`scripts/nightly.sh` starts each shard from the
    /// committed corpus), base's entries take part once and a source's copy of one adds only the
    /// hits it gained, so that base's hits are not counted once per source.
    public static func merge(_ sources: [String], into target: String, base: String? = nil) throws(MergeError) -> Result {
        var identities: [DirectoryIdentity: String] = [:]
        var merged: [String: CorpusEntry.Located] = [:]
        var baseHits: [String: Int] = [:]
        var result = Result()
        if let base {
            identities[try DirectoryIdentity(base)] = base
            for located in try entries(of: base) {
                baseHits[located.entry.signature.hash] = located.entry.hits
                try fold(located, into: &merged)
            }
        }
        for source in sources {
            let identity = try DirectoryIdentity(source)
            if let earlier = identities.updateValue(source, forKey: identity) {
                throw MergeError(description: "\(source) is the same directory as \(earlier): each corpus can be merged once")
            }
            for var located in try entries(of: source) {
                result.read += 1
                if let hits = baseHits[located.entry.signature.hash], let base {
                    guard located.entry.hits >= hits else {
                        throw MergeError(description: "\(located.file) has \(located.entry.hits) hits, fewer than the \(hits) of "
                            + "--base \(base): \(source) did not start as a copy of it")
                    }
                    located.entry.hits -= hits
                }
                try fold(located, into: &merged)
            }
        }
        if FileManager.default.fileExists(atPath: target), let source = identities[try DirectoryIdentity(target)] {
            throw MergeError(description: "--into \(target) is also a source (\(source)): its hits would be counted twice")
        }
        let corpus: Corpus
        do { corpus = try Corpus(directory: URL(fileURLWithPath: target)) } catch {
            throw MergeError(description: "cannot use --into \(target): \(error)")
        }
        var failure: MergeError?
        do {
            try corpus.withDirectoryLock { () throws(FileError) in
                do throws(MergeError) { result = try write(merged, into: target, counting: result) } catch { failure = error }
            }
        } catch {
            throw MergeError(description: "cannot use --into \(target): \(error)")
        }
        if let failure { throw failure }
        return result
    }

    /// Folds the target's entries (read under its lock) with the sources' and writes what changed.
    private static func write(_ sources: [String: CorpusEntry.Located], into target: String,
                              counting result: Result) throws(MergeError) -> Result {
        var result = result
        var union: [String: CorpusEntry.Located] = [:]
        for located in try entries(of: target) { union[located.entry.signature.hash] = located }
        let before = union
        for (_, located) in sources.sorted(by: { $0.key < $1.key }) { try fold(located, into: &union) }
        var files: [(data: Data, path: String)] = []
        for (hash, located) in union.sorted(by: { $0.key < $1.key }) {
            if let old = before[hash], old.entry == located.entry { continue }
            if before[hash] == nil { result.added += 1 } else { result.updated += 1 }
            let path = target + "/" + located.entry.fileName
            try refuseToReplaceNonRegular(path)
            do { files.append((try Corpus.encoded(located.entry), path)) } catch {
                throw MergeError(description: "\(located.file): cannot be encoded: \(error)")
            }
        }
        result.total = union.count
        do { try FileAccess.writeAtomically(files) } catch { throw MergeError(description: "cannot write the merge: \(error)") }
        return result
    }

    /// Adds one entry to the union, merging it with the entry of its signature if there is one.
    private static func fold(_ located: CorpusEntry.Located, into union: inout [String: CorpusEntry.Located]) throws(MergeError) {
        let hash = located.entry.signature.hash
        union[hash] = try union[hash].map { existing throws(MergeError) in try CorpusEntry.merging(existing, located) } ?? located
    }

    /// Every entry of a corpus directory, refusing the first file that is not a readable entry
    /// named by its own signature (the line says how many more there are).
    private static func entries(of directory: String) throws(MergeError) -> [CorpusEntry.Located] {
        let (entries, errors) = Corpus.entries(in: directory)
        var problems = errors.map { $0.path == directory ? "\($0)" : "\(directory)/\($0)" }
        var located: [CorpusEntry.Located] = []
        for (file, entry) in entries {
            let path = directory + "/" + file
            if file != entry.fileName {
                problems.append("\(path): holds signature \(entry.signature.hash) but is not named \(entry.fileName) "
                    + "(a minimized copy?); move it out of the corpus to merge")
                continue
            }
            located.append(try CorpusEntry.Located(entry, file: path))
        }
        if let first = problems.first {
            throw MergeError(description: first + (problems.count > 1 ? " (and \(problems.count - 1) more problems in \(directory))" : ""))
        }
        return located
    }

    /// An entry is only ever renamed over a regular file: a symbolic link, a FIFO or a device
    /// where an entry should be is refused.
    private static func refuseToReplaceNonRegular(_ path: String) throws(MergeError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw MergeError(description: "\(path) is \(FileAccess.kind(of: status.st_mode)); refusing to replace it with an entry")
        }
    }
}

/// A directory as the file system knows it (device and inode), so that one directory named two
/// ways is still seen to be one.
private struct DirectoryIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    /// The identity of `path`, which must be a directory.
    init(_ path: String) throws(MergeError) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw MergeError(description: "\(path): \(FileAccess.describe(errno: errno))") }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw MergeError(description: "\(path) is \(FileAccess.kind(of: status.st_mode)), not a corpus directory")
        }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}
