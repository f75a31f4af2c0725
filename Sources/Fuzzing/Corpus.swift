import Foundation
import Glibc
import Synchronization

/// Why a corpus file could not be used.
public struct CorpusReadError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
}

/// A directory of corpus entries, one JSON file per divergence signature, named by its hash.
///
/// Writes are atomic (a temporary file in the same directory, fsync, rename, fsync of the
/// directory), so a crash or SIGKILL never leaves a half-written entry under its real name.
/// Updates of an existing entry (its hit counter) take an exclusive `flock` on the directory's
/// `.lock` file, so several workers and several processes can share one directory. Hits of
/// signatures already on disk are counted in memory and written by `flush()`.
public final class Corpus: @unchecked Sendable {
    public let directory: URL
    private let pending = Mutex<[String: Int]>([:])
    private let known = Mutex<Set<String>>([])

    /// Opens (creating if needed) a corpus directory, removing the temporary files of writers
    /// that died before their rename (a SIGKILL between write and rename leaves one).
    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var existing = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in existing where Self.isAbandonedTemporary(name) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        existing = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        known.withLock { $0 = Set(existing.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }) }
    }

    /// Records a finding: a new signature is written at once (keeping this first reproducer); a
    /// known one only raises the hit counter. Returns true when the signature was new to the
    /// directory.
    @discardableResult
    public func record(_ entry: CorpusEntry) throws -> Bool {
        try record(signature: entry.signature) { entry }
    }

    /// Records a hit of `signature`, building its entry (with `makeEntry`) only when the
    /// signature is new, since most hits are of signatures already known.
    @discardableResult
    public func record(signature: DivergenceSignature, makeEntry: () -> CorpusEntry) throws -> Bool {
        let hash = signature.hash
        let isNew = known.withLock { $0.insert(hash).inserted }
        if !isNew {
            pending.withLock { $0[hash, default: 0] += 1 }
            return false
        }
        try withDirectoryLock {
            if FileManager.default.fileExists(atPath: url(for: hash).path) {
                try Self.writeAtomically(try withHitsAdded(1, to: hash), to: url(for: hash))
            } else {
                try write(makeEntry())
            }
        }
        return true
    }

    /// Writes the hit counts gathered in memory into their entries.
    public func flush() throws {
        let counts = pending.withLock { counts in
            defer { counts = [:] }
            return counts
        }
        guard !counts.isEmpty else { return }
        try withDirectoryLock {
            try Self.writeAtomically(try counts.map { hash, count in
                let url = directory.appendingPathComponent(hash + ".json")
                return (try withHitsAdded(count, to: hash), url)
            })
        }
    }

    /// Every entry, sorted by file name, with the files that could not be read and why.
    public func entries() -> (entries: [(file: String, entry: CorpusEntry)], errors: [CorpusReadError]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        var entries: [(String, CorpusEntry)] = []
        var errors: [CorpusReadError] = []
        for name in names where !name.hasPrefix(".") {
            do {
                entries.append((name, try read(name)))
            } catch let error as CorpusReadError {
                errors.append(error)
            } catch {
                errors.append(CorpusReadError(file: name, reason: "\(error)"))
            }
        }
        return (entries, errors)
    }

    /// Reads one file, refusing foreign files and other schema versions with a clear reason.
    public func read(_ name: String) throws -> CorpusEntry {
        guard name.hasSuffix(".json") else { throw CorpusReadError(file: name, reason: "not a corpus entry (not a .json file)") }
        let data: Data
        do { data = try Data(contentsOf: directory.appendingPathComponent(name)) } catch {
            throw CorpusReadError(file: name, reason: "cannot be read: \(error.localizedDescription)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CorpusReadError(file: name, reason: "is not valid JSON")
        }
        guard let version = object["schemaVersion"] as? Int else {
            throw CorpusReadError(file: name, reason: "has no schemaVersion: not an x86fuzz corpus entry")
        }
        guard version == CorpusEntry.currentSchemaVersion else {
            throw CorpusReadError(file: name, reason: "has schema version \(version); this x86fuzz reads version \(CorpusEntry.currentSchemaVersion)")
        }
        do { return try JSONDecoder().decode(CorpusEntry.self, from: data) } catch {
            throw CorpusReadError(file: name, reason: "is not a valid entry: \(Self.describe(error))")
        }
    }

    /// Writes an entry atomically under its signature's name (replacing any older version).
    public func write(_ entry: CorpusEntry) throws {
        try Self.writeAtomically(try Self.encoded(entry), to: directory.appendingPathComponent(entry.fileName))
    }

    /// An entry as the corpus stores it: sorted keys, indented.
    static func encoded(_ entry: CorpusEntry) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(entry)
    }

    private func url(for hash: String) -> URL { directory.appendingPathComponent(hash + ".json") }

    /// An entry's text with its hit counter raised by `count`. The counter is rewritten in the
    /// text (which `write` produces with sorted keys as `"hits" : N`), so that an update does not
    /// decode and re-encode the whole entry; an entry in another shape goes through the decoder.
    private func withHitsAdded(_ count: Int, to hash: String) throws -> Data {
        let name = hash + ".json"
        let text = Array((try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data())
        let key = Array(#""hits" : "#.utf8)
        if let found = text.firstRange(of: key) {
            let digits = text[found.upperBound...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            if let hits = Int(String(decoding: digits, as: UTF8.self)) {
                return Data(text[..<found.upperBound] + Array(String(hits + count).utf8) + text[digits.endIndex...])
            }
        }
        var entry = try read(name)
        entry.hits += count
        return try Self.encoded(entry)
    }

    /// Runs `body` holding an exclusive flock on `<directory>/.lock`.
    private func withDirectoryLock(_ body: () throws -> Void) throws {
        let path = directory.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CorpusReadError(file: ".lock", reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CorpusReadError(file: ".lock", reason: String(cString: strerror(errno))) }
        }
        try body()
    }

    /// True for `.tmp-PID-...` files whose writer process no longer exists.
    static func isAbandonedTemporary(_ name: String) -> Bool {
        guard name.hasPrefix(".tmp-"), let pid = Int32(name.dropFirst(5).prefix { $0 != "-" }) else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Temporary file in the same directory, fsync, rename over the target, fsync the directory.
    public static func writeAtomically(_ data: Data, to target: URL) throws {
        try writeAtomically([(data, target)])
    }

    /// Several files atomically, as `writeAtomically(_:to:)` does one: every temporary file is
    /// written and synced first, then each is renamed over its target, and each directory is
    /// synced once (not once per file).
    public static func writeAtomically(_ files: [(data: Data, target: URL)]) throws {
        var temporaries: [(temporary: URL, target: URL)] = []
        defer { for (temporary, _) in temporaries { unlink(temporary.path) } }
        for (data, target) in files {
            let temporary = target.deletingLastPathComponent()
                .appendingPathComponent(".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))-" + target.lastPathComponent)
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw CorpusReadError(file: temporary.lastPathComponent, reason: String(cString: strerror(errno))) }
            temporaries.append((temporary, target))
            defer { close(descriptor) }
            try writeAll(data, to: descriptor, name: target.lastPathComponent)
            guard fsync(descriptor) == 0 else {
                throw CorpusReadError(file: target.lastPathComponent, reason: "cannot be written: \(String(cString: strerror(errno)))")
            }
        }
        while let (temporary, target) = temporaries.first {
            guard rename(temporary.path, target.path) == 0 else {
                throw CorpusReadError(file: target.lastPathComponent, reason: "cannot be written: \(String(cString: strerror(errno)))")
            }
            temporaries.removeFirst()
        }
        for directory in Set(files.map { $0.target.deletingLastPathComponent().path }) {
            let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, name: String) throws {
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CorpusReadError(file: name, reason: "cannot be written: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }

    private static func describe(_ error: Error) -> String {
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
