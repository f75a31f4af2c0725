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
        let hash = entry.signature.hash
        let isNew = known.withLock { $0.insert(hash).inserted }
        if !isNew {
            pending.withLock { $0[hash, default: 0] += 1 }
            return false
        }
        try withDirectoryLock {
            if FileManager.default.fileExists(atPath: url(for: hash).path) {
                try addHits(1, to: hash)
            } else {
                try write(entry)
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
            for (hash, count) in counts { try addHits(count, to: hash) }
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Self.writeAtomically(try encoder.encode(entry), to: directory.appendingPathComponent(entry.fileName))
    }

    private func url(for hash: String) -> URL { directory.appendingPathComponent(hash + ".json") }

    private func addHits(_ count: Int, to hash: String) throws {
        var entry = try read(hash + ".json")
        entry.hits += count
        try write(entry)
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
        let directory = target.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))-" + target.lastPathComponent)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CorpusReadError(file: temporary.lastPathComponent, reason: String(cString: strerror(errno))) }
        var failure: String?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil, rename(temporary.path, target.path) != 0 { failure = String(cString: strerror(errno)) }
        guard failure == nil else {
            unlink(temporary.path)
            throw CorpusReadError(file: target.lastPathComponent, reason: "cannot be written: \(failure!)")
        }
        let directoryDescriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
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
