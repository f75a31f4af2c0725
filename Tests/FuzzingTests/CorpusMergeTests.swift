import Foundation
import Fuzzing
import Glibc
import Testing
import TestSupport

/// `corpus merge`: the union by signature, what two entries of one signature become, and the
/// inputs it refuses without writing anything.
struct CorpusMergeTests {
    /// An open entry for `add rax, rbx` with the reproducer rax = `rax`, first seen at `seen`
    /// seconds after the epoch, with `hits` hits; `field` picks the signature.
    static func entry(rax: UInt64, seen: TimeInterval, hits: Int, field: String = "rax") throws -> CorpusEntry {
        var entry = try CorpusFixtures.entry(rax: rax, alterRAX: true)
        entry.signature.fields = ["\(field):model"]
        entry.firstSeen = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seen))
        entry.hits = hits
        return entry
    }

    /// A corpus directory holding `entries`, written as a campaign writes them.
    static func corpus(_ name: String, _ entries: [CorpusEntry]) throws -> String {
        let corpus = try Corpus(directory: try CorpusFixtures.directory(name))
        for entry in entries { try corpus.write(entry) }
        return corpus.directory.path
    }

    static func target() throws -> String { try CorpusFixtures.directory("merged").path + "/into" }

    static func read(_ directory: String) -> [String: CorpusEntry] {
        let (entries, errors) = Corpus.entries(in: directory)
        #expect(errors.isEmpty, "\(errors)")
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.file, $0.entry) })
    }

    @Test func hitsAreSummedAndTheEntryFirstSeenIsKept() throws {
        let later = try Self.entry(rax: 1, seen: 2_000, hits: 3)
        let earlier = try Self.entry(rax: 2, seen: 1_000, hits: 4)
        let other = try Self.entry(rax: 3, seen: 3_000, hits: 5, field: "rbx")
        let target = try Self.target()
        let result = try CorpusMerge.merge([try Self.corpus("a", [later]), try Self.corpus("b", [earlier, other])], into: target)
        #expect([result.read, result.added, result.updated, result.total] as [Int] == [3, 2, 0, 2])
        let merged = Self.read(target)
        let kept = try #require(merged[later.fileName])
        #expect(kept.hits == 7)
        #expect(kept.firstSeen == earlier.firstSeen)
        #expect(kept.initialState == earlier.initialState, "the reproducer of the entry seen first is kept")
        #expect(merged[other.fileName] == other)
    }

    /// On the same second the lower case index wins, so the order of the directories (which
    /// machine of a fleet finished first) does not change the result.
    @Test func aTieGoesToTheLowerCaseIndexInEitherOrder() throws {
        let one = try Self.corpus("one", [try Self.entry(rax: 9, seen: 1_000, hits: 1)])
        let two = try Self.corpus("two", [try Self.entry(rax: 4, seen: 1_000, hits: 1)])
        let forwards = try Self.target(), backwards = try Self.target()
        _ = try CorpusMerge.merge([one, two], into: forwards)
        _ = try CorpusMerge.merge([two, one], into: backwards)
        let (a, b) = (Self.read(forwards), Self.read(backwards))
        #expect(a == b)
        #expect(a.values.first?.origin.caseIndex.value == 4)
    }

    /// The target's entries take part: merging adds to what is there, and rewrites only what changed.
    @Test func theTargetsOwnEntriesTakePart() throws {
        let kept = try Self.entry(rax: 1, seen: 1_000, hits: 2, field: "rcx")
        let target = try Self.corpus("target", [try Self.entry(rax: 1, seen: 1_000, hits: 10), kept])
        let result = try CorpusMerge.merge([try Self.corpus("more", [try Self.entry(rax: 2, seen: 500, hits: 1)])], into: target)
        #expect([result.read, result.added, result.updated, result.total] as [Int] == [1, 0, 1, 2])
        let merged = Self.read(target)
        #expect(merged.values.map(\.hits).sorted() == [2, 11])
        #expect(merged[kept.fileName] == kept)
    }

    /// Triage is never dropped: an untriaged entry takes the other's, whichever is kept.
    @Test func triageSurvivesTheMerge() throws {
        var fixed = try Self.entry(rax: 1, seen: 2_000, hits: 1)
        fixed.status = .fixed
        fixed.notes = "fixed (model): the carry"
        let target = try Self.target()
        _ = try CorpusMerge.merge([try Self.corpus("fixed", [fixed]), try Self.corpus("open", [try Self.entry(rax: 2, seen: 1_000, hits: 1)])],
                                  into: target)
        let merged = try #require(Self.read(target).values.first)
        #expect(merged.status == .fixed && merged.notes == fixed.notes)
        #expect(merged.initialState.gpr[.rax] == 2, "the entry seen first is still the reproducer")
    }

    /// Shards that started as copies of a base corpus add only the hits they gained to it.
    @Test func aBaseIsCountedOnce() throws {
        let known = try Self.entry(rax: 1, seen: 0, hits: 5)
        var seenAgain = known, found = try Self.entry(rax: 2, seen: 100, hits: 2, field: "rbx")
        seenAgain.hits = 8
        let base = try Self.corpus("base", [known])
        let one = try Self.corpus("one", [seenAgain, found])
        found.hits = 1
        let two = try Self.corpus("two", [known, found])
        let target = try Self.target()
        let result = try CorpusMerge.merge([one, two], into: target, base: base)
        #expect([result.read, result.added, result.updated, result.total] as [Int] == [4, 2, 0, 2])
        let merged = Self.read(target)
        #expect(merged[known.fileName]?.hits == 8)
        #expect(merged[found.fileName]?.hits == 3)
        var fewer = known
        fewer.hits = 4
        #expect {
            _ = try CorpusMerge.merge([try Self.corpus("fewer", [fewer])], into: try Self.target(), base: base)
        } throws: { error in
            "\(error)".contains("has 4 hits, fewer than the 5 of --base \(base)")
        }
    }

    @Test func hitsHoldAtIntMax() throws {
        let target = try Self.target()
        _ = try CorpusMerge.merge([try Self.corpus("big", [try Self.entry(rax: 1, seen: 0, hits: .max)]),
                                   try Self.corpus("small", [try Self.entry(rax: 1, seen: 0, hits: 5)])], into: target)
        #expect(Self.read(target).values.first?.hits == .max)
    }

    /// Each refusal names what is wrong in its message and writes nothing: the target is not
    /// even created.
    @Test(arguments: ["schema", "triage", "twice", "foreign", "renamed", "time", "missing"])
    func badInputIsRefusedAndNothingIsWritten(_ kind: String) throws {
        let good = try Self.corpus("good", [try Self.entry(rax: 1, seen: 0, hits: 1)])
        var sources = [good]
        let expected: String
        switch kind {
        case "schema":
            let bad = try Self.corpus("schema", [])
            var object = try #require(try JSONSerialization.jsonObject(with: try Corpus.encoded(try Self.entry(rax: 2, seen: 0, hits: 1))) as? [String: Any])
            object["schemaVersion"] = 2
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: bad + "/0000000000000000.json"))
            sources.append(bad)
            expected = "0000000000000000.json: has schema version 2; this x86fuzz reads version 1"
        case "triage":
            var one = try Self.entry(rax: 2, seen: 0, hits: 1), two = try Self.entry(rax: 3, seen: 0, hits: 1)
            one.notes = "open (harness): kvm_pvm"
            two.status = .fixed
            sources = [try Self.corpus("one", [one]), try Self.corpus("two", [two])]
            expected = "triage signature \(one.signature.hash) differently"
        case "twice":
            sources.append(good + "/.")
            expected = "is the same directory as \(good)"
        case "foreign":
            try Data("notes".utf8).write(to: URL(fileURLWithPath: good + "/README"))
            expected = "README: not a corpus entry"
        case "renamed":
            try FileManager.default.copyItem(atPath: good + "/" + (try Self.entry(rax: 1, seen: 0, hits: 1)).fileName,
                                             toPath: good + "/copy.min.json")
            expected = "copy.min.json: holds signature"
        case "time":
            var entry = try Self.entry(rax: 2, seen: 0, hits: 1, field: "rdx")
            entry.firstSeen = "yesterday"
            sources.append(try Self.corpus("time", [entry]))
            expected = "firstSeen 'yesterday' is not an ISO 8601 time"
        default:
            sources.append("/nonexistent/corpus")
            expected = "/nonexistent/corpus: does not exist"
        }
        let target = try Self.target()
        #expect {
            _ = try CorpusMerge.merge(sources, into: target)
        } throws: { error in
            "\(error)".contains(expected) && !"\(error)".contains("\n")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    /// A disk that fills while the merge writes is an error naming the reason, and the target
    /// keeps what it had: no entry half-written, no temporary file left behind.
    @Test(.enabled(if: getuid() == 0, "skipped: needs root (to mount a small tmpfs)"))
    func aFullDiskIsAnErrorAndTheTargetKeepsWhatItHad() throws {
        let mountPoint = try CorpusFixtures.directory("tmpfs").path
        guard mount("tmpfs", mountPoint, "tmpfs", 0, "size=48k") == 0 else {
            Issue.record("cannot mount a tmpfs at \(mountPoint): \(String(cString: strerror(errno)))")
            return
        }
        defer { umount(mountPoint) }
        let kept = try Self.entry(rax: 1, seen: 0, hits: 1)
        let target = try Corpus(directory: URL(fileURLWithPath: mountPoint + "/into"))
        try target.write(kept)
        let many = try (0..<20).map { try Self.entry(rax: UInt64($0), seen: 0, hits: 1, field: "r\($0)") } + [kept]
        #expect {
            _ = try CorpusMerge.merge([try Self.corpus("many", many)], into: target.directory.path)
        } throws: { error in
            "\(error)".contains("No space left on device")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.directory.path).sorted() == [".lock", kept.fileName])
        #expect(Self.read(target.directory.path)[kept.fileName] == kept)
    }

    @Test func theTargetCannotBeASource() throws {
        let good = try Self.corpus("self", [try Self.entry(rax: 1, seen: 0, hits: 1)])
        #expect(throws: MergeError.self) { _ = try CorpusMerge.merge([good], into: good + "/") }
        #expect(Self.read(good).values.first?.hits == 1)
    }

    /// A symbolic link where an entry is to be written is refused and left as it is, and so is
    /// every other entry: the merge writes all or nothing of what it checked.
    @Test func aSymlinkInTheTargetIsNeverRenamedOver() throws {
        let entry = try Self.entry(rax: 1, seen: 0, hits: 1)
        let elsewhere = try Self.corpus("elsewhere", [entry])
        let target = try Self.corpus("linked", [])
        #expect(symlink(elsewhere + "/" + entry.fileName, target + "/" + entry.fileName) == 0)
        let source = try Self.corpus("source", [try Self.entry(rax: 2, seen: 0, hits: 1), try Self.entry(rax: 2, seen: 0, hits: 1, field: "rbx")])
        #expect {
            _ = try CorpusMerge.merge([source], into: target)
        } throws: { error in
            "\(error)".contains("is a symbolic link; refusing to replace it")
        }
        var status = stat()
        #expect(lstat(target + "/" + entry.fileName, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).filter { !$0.hasPrefix(".") } == [entry.fileName])
        #expect(Self.read(elsewhere)[entry.fileName]?.hits == 1)
    }
}
