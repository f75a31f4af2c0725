import Foundation
import Glibc
import Synchronization

/// Why a corpus file could not be used: the file (as the corpus names it) and what is wrong.
public typealias CorpusReadError = FileError

/// A directory of corpus entries, one JSON file per divergence signature, named by its hash.
///
/// Writes are atomic (a temporary file in the same directory, fsync, rename, fsync of the
/// directory), so a crash or SIGKILL never leaves a half-written entry under its real name.
/// Updates of an existing entry (its hit counter) take an exclusive `flock` on the directory's
/// `.lock` file, so several workers and several processes can share one directory. Hits of
/// signatures already on disk are counted in memory and written by `flush()`. Every entry is
/// read when the corpus is opened: an unreadable one is listed in `unreadable` and never
/// rewritten, so a campaign carries on with the rest and loses nothing.
public final class Corpus: @unchecked Sendable {
    public let directory: URL
    /// The entries that could not be read when the corpus was opened, with the reasons.
    public let unreadable: [CorpusReadError]
    private let damaged: Set<String>
    private let pending = Mutex<[String: Int]>([:])
    private let known = Mutex<Set<String>>([])

    /// Opens (creating if needed) a corpus directory: checks that its lock can be taken, removes
    /// the temporary files of writers that died before their rename, and reads every entry.
    public init(directory: URL) throws(FileError) {
        self.directory = directory
        let path = directory.path
        try FileAccess.ensureDirectory(path)
        for name in try FileAccess.names(in: path) where FileAccess.isAbandonedTemporary(name, in: path) {
            unlink(path + "/" + name)
        }
        let names = try Self.entryNames(in: path)
        var unreadable: [CorpusReadError] = []
        for name in names {
            do { _ = try Self.read(name, in: path) } catch { unreadable.append(error) }
        }
        self.unreadable = unreadable
        damaged = Set(unreadable.filter { $0.path.hasSuffix(".json") }.map { String($0.path.dropLast(5)) })
        known.withLock { $0 = Set(names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }) }
        try withDirectoryLock {}
    }

    /// Records a finding: a new signature is written at once (keeping this first reproducer); a
    /// known one only raises the hit counter. Returns true when the signature was new to the
    /// directory.
    @discardableResult
    public func record(_ entry: CorpusEntry) throws(FileError) -> Bool {
        try record(signature: entry.signature) { entry }
    }

    /// Records a hit of `signature`, building its entry (with `makeEntry`) only when the
    /// signature is new, since most hits are of signatures already known. The hits of an
    /// unreadable entry are not written: the file stays as it was.
    @discardableResult
    public func record(signature: DivergenceSignature, makeEntry: () -> CorpusEntry) throws(FileError) -> Bool {
        let hash = signature.hash
        let isNew = known.withLock { $0.insert(hash).inserted }
        if !isNew {
            if !damaged.contains(hash) { pending.withLock { $0[hash, default: 0] += 1 } }
            return false
        }
        try withDirectoryLock { () throws(FileError) in
            if FileManager.default.fileExists(atPath: url(for: hash).path) {
                try FileAccess.writeAtomically([(try withHitsAdded(1, to: hash), url(for: hash).path)])
            } else {
                try write(makeEntry())
            }
        }
        return true
    }

    /// Writes the hit counts gathered in memory into their entries.
    public func flush() throws(FileError) {
        let counts = pending.withLock { counts in
            defer { counts = [:] }
            return counts
        }
        guard !counts.isEmpty else { return }
        try withDirectoryLock { () throws(FileError) in
            var files: [(Data, String)] = []
            for (hash, count) in counts { files.append((try withHitsAdded(count, to: hash), url(for: hash).path)) }
            try FileAccess.writeAtomically(files)
        }
    }

    /// Every entry, sorted by file name, with the files that could not be read and why.
    public func entries() -> (entries: [(file: String, entry: CorpusEntry)], errors: [CorpusReadError]) {
        Self.entries(in: directory.path)
    }

    /// Every entry of a directory, sorted by file name, with the files that could not be read
    /// and why; names starting with `.` (the lock, temporary files) are not entries.
    public static func entries(in directory: String) -> (entries: [(file: String, entry: CorpusEntry)], errors: [CorpusReadError]) {
        let names: [String]
        do { names = try entryNames(in: directory) } catch {
            return ([], [CorpusReadError(path: directory, reason: error.reason)])
        }
        var entries: [(String, CorpusEntry)] = []
        var errors: [CorpusReadError] = []
        for name in names {
            do { entries.append((name, try read(name, in: directory))) } catch { errors.append(error) }
        }
        return (entries, errors)
    }

    /// The names in a corpus directory that should be entries, sorted: all but hidden files and
    /// subdirectories, which hold corpora of their own (`corpus/targets/unicorn/`, an emulator's
    /// findings) and are replayed by naming them. A directory named `*.json` is still an entry
    /// that cannot be read.
    private static func entryNames(in path: String) throws(FileError) -> [String] {
        try FileAccess.names(in: path).filter { name in
            var status = stat()
            let isDirectory = lstat(path + "/" + name, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
            return !name.hasPrefix(".") && !(isDirectory && !name.hasSuffix(".json"))
        }.sorted()
    }

    /// Reads one file of the directory, refusing foreign files, other schema versions and
    /// entries that cannot be a case with a clear reason.
    public func read(_ name: String) throws(CorpusReadError) -> CorpusEntry {
        try Self.read(name, in: directory.path)
    }

    private static func read(_ name: String, in directory: String) throws(CorpusReadError) -> CorpusEntry {
        guard name.hasSuffix(".json") else { throw CorpusReadError(path: name, reason: "not a corpus entry (not a .json file)") }
        return try load(directory + "/" + name, as: name)
    }

    /// Reads a corpus entry from any path; errors name it as `name` (default: the path).
    public static func load(_ path: String, as name: String? = nil) throws(CorpusReadError) -> CorpusEntry {
        let name = name ?? path
        let data: Data
        do { data = try FileAccess.readRegularFile(path) } catch { throw CorpusReadError(path: name, reason: error.reason) }
        return try decode(data, name: name)
    }

    /// Decodes and validates the bytes of a corpus entry; errors name it as `name`.
    public static func decode(_ data: Data, name: String) throws(CorpusReadError) -> CorpusEntry {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CorpusReadError(path: name, reason: "is not valid JSON")
        }
        guard let version = object["schemaVersion"] as? Int else {
            throw CorpusReadError(path: name, reason: "has no schemaVersion: not an x86fuzz corpus entry")
        }
        guard version == CorpusEntry.currentSchemaVersion else {
            throw CorpusReadError(path: name, reason: "has schema version \(version); this x86fuzz reads version \(CorpusEntry.currentSchemaVersion)")
        }
        let entry: CorpusEntry
        do { entry = try JSONDecoder().decode(CorpusEntry.self, from: data) } catch {
            throw CorpusReadError(path: name, reason: "is not a valid entry: \(describe(error))")
        }
        if let problem = entry.problem { throw CorpusReadError(path: name, reason: "is not a valid entry: \(problem)") }
        return entry
    }

    /// Writes an entry atomically under its signature's name (replacing any older version).
    public func write(_ entry: CorpusEntry) throws(FileError) {
        let data: Data
        do { data = try Self.encoded(entry) } catch { throw FileError(path: url(for: entry.signature.hash).path, reason: "\(error)") }
        try FileAccess.writeAtomically([(data, directory.appendingPathComponent(entry.fileName).path)])
    }

    /// An entry as the corpus stores it: sorted keys, indented.
    public static func encoded(_ entry: CorpusEntry) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(entry)
    }

    private func url(for hash: String) -> URL { directory.appendingPathComponent(hash + ".json") }

    /// An entry's text with its hit counter raised by `count` (saturating). The counter is
    /// rewritten in the text (which `write` produces with sorted keys as `"hits" : N`), so that
    /// an update does not decode and re-encode the whole entry; an entry in another shape goes
    /// through the decoder.
    private func withHitsAdded(_ count: Int, to hash: String) throws(FileError) -> Data {
        let path = url(for: hash).path
        let text = Array(try FileAccess.readRegularFile(path))
        let key = Array(#""hits" : "#.utf8)
        if let end = Self.offset(after: key, in: text) {
            let digits = text[end...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            if let hits = Int(String(decoding: digits, as: UTF8.self)) {
                return Data(text[..<end] + Array(String(Self.adding(count, to: hits)).utf8) + text[digits.endIndex...])
            }
        }
        do {
            var entry = try read(hash + ".json")
            entry.hits = Self.adding(count, to: entry.hits)
            return try Self.encoded(entry)
        } catch {
            throw FileError(path: path, reason: "cannot be updated: \(error)")
        }
    }

    /// The offset just past the first occurrence of `key` in `text`: a plain byte scan, where the
    /// generic `firstRange(of:)` cost about 3 million instructions per entry, the larger part of a
    /// campaign's corpus flushes.
    static func offset(after key: [UInt8], in text: [UInt8]) -> Int? {
        guard let first = key.first, text.count >= key.count else { return nil }
        return text.withUnsafeBufferPointer { text in
            key.withUnsafeBufferPointer { key in
                var start = 0
                while start <= text.count - key.count {
                    if text[start] == first, (1..<key.count).allSatisfy({ text[start + $0] == key[$0] }) { return start + key.count }
                    start += 1
                }
                return nil
            }
        }
    }

    /// `hits + count`, held at `Int.max` rather than overflowing.
    static func adding(_ count: Int, to hits: Int) -> Int {
        let (sum, overflow) = hits.addingReportingOverflow(count)
        return overflow ? Int.max : sum
    }

    /// Runs `body` holding an exclusive flock on `<directory>/.lock`.
    func withDirectoryLock(_ body: () throws(FileError) -> Void) throws(FileError) {
        let path = directory.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw FileError(path: path, reason: "cannot be used as the corpus lock: " + FileAccess.describe(errno: errno)) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileError(path: path, reason: "cannot be locked: " + FileAccess.describe(errno: errno)) }
        }
        try body()
    }

    /// A JSON decoding error as one line: the key path and what was wrong there.
    public static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
