import Foundation
@testable import Fuzzing
import Testing
import TestSupport
import X86

/// Corpus files: one per signature, atomic, self-contained, and refused with a reason when they
/// are corrupt, from another schema version, or not ours.
struct CorpusTests {
    @Test func entriesRoundTripAndLaterHitsOnlyRaiseTheCounter() throws {
        let corpus = try Corpus(directory: try CorpusFixtures.directory("roundtrip"))
        let entry = try CorpusFixtures.entry(rax: 1, alterRAX: true)
        #expect(try corpus.record(entry))
        var later = try CorpusFixtures.entry(rax: 1, alterRAX: true)
        later.initialState.gpr[.rcx] = 99
        #expect(try corpus.record(later) == false)
        #expect(try corpus.record(later) == false)
        try corpus.flush()
        let (entries, errors) = corpus.entries()
        #expect(errors.isEmpty)
        #expect(entries.count == 1)
        let stored = try #require(entries.first?.entry)
        #expect(stored.hits == 3)
        #expect(stored.initialState == entry.initialState, "the first reproducer is kept")
        #expect(stored.schemaVersion == CorpusEntry.currentSchemaVersion)
        #expect(entries.first?.file == entry.signature.hash + ".json")
    }

    /// The byte scan a flush finds an entry's hit count with.
    @Test func theHitCountIsFoundByAPlainByteScan() {
        let key = Array(#""hits" : "#.utf8)
        func after(_ text: String) -> Int? { Corpus.offset(after: key, in: Array(text.utf8)) }
        #expect(after(#""hits" : 5"#) == key.count)
        #expect(after(#"{"a" : "hits", "hits" : 12}"#) == 24)
        #expect(after(#"{"hits" :5, "hits" : 7}"#) == 21)
        #expect(after(#"{"hit" : 3}"#) == nil)
        #expect(after(#""hits" :"#) == nil)
        #expect(after("") == nil)
        #expect(Corpus.offset(after: [], in: Array("abc".utf8)) == nil)
    }

    @Test func anotherProcessesHitsOnTheSameDirectoryAddUp() throws {
        let directory = try CorpusFixtures.directory("shared")
        let first = try Corpus(directory: directory)
        let second = try Corpus(directory: directory)
        let entry = try CorpusFixtures.entry(rax: 5, alterRAX: true)
        try first.record(entry)
        try second.record(entry)
        try first.flush()
        try second.flush()
        #expect(try first.read(entry.fileName).hits == 2)
    }

    @Test func unreadableFilesAreNamedWithAReasonAndSkipped() throws {
        let directory = try CorpusFixtures.directory("broken")
        let corpus = try Corpus(directory: directory)
        try corpus.record(try CorpusFixtures.entry(rax: 7, alterRAX: true))
        try Data("{ not json".utf8).write(to: directory.appendingPathComponent("corrupt.json"))
        try Data(#"{"schemaVersion": 99}"#.utf8).write(to: directory.appendingPathComponent("future.json"))
        try Data(#"{"hello": "world"}"#.utf8).write(to: directory.appendingPathComponent("foreign.json"))
        try Data(#"{"schemaVersion": 1, "bytes": "4801d8"}"#.utf8).write(to: directory.appendingPathComponent("truncated.json"))
        try Data("notes".utf8).write(to: directory.appendingPathComponent("README.txt"))
        let (entries, errors) = corpus.entries()
        #expect(entries.count == 1)
        let reasons = Dictionary(uniqueKeysWithValues: errors.map { ($0.path, $0.reason) })
        #expect(reasons["corrupt.json"]?.contains("not valid JSON") == true)
        #expect(reasons["future.json"]?.contains("schema version 99") == true)
        #expect(reasons["foreign.json"]?.contains("not an x86fuzz corpus entry") == true)
        #expect(reasons["truncated.json"]?.contains("missing") == true)
        #expect(reasons["README.txt"]?.contains("not a corpus entry") == true)
    }

    @Test func abandonedTemporaryFilesAreRemovedOnOpen() throws {
        let directory = try CorpusFixtures.directory("abandoned")
        let abandoned = directory.appendingPathComponent(".tmp-999999-1-abc.json")
        try Data("{".utf8).write(to: abandoned)
        _ = try Corpus(directory: directory)
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
    }
}

/// A corpus directory's subdirectories (not named `*.json`) are corpora of their own.
struct CorpusSubdirectoryTests {
    @Test func aSubdirectoryIsNotAnEntry() throws {
        let directory = try CorpusFixtures.directory("subdirectory")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("targets/unicorn"), withIntermediateDirectories: true)
        let corpus = try Corpus(directory: directory)
        try corpus.record(try CorpusFixtures.entry(rax: 1, alterRAX: true))
        let (entries, errors) = Corpus.entries(in: directory.path)
        #expect(entries.count == 1)
        #expect(errors.isEmpty, "\(errors)")
        #expect(try Corpus(directory: directory).unreadable.isEmpty)
    }
}
