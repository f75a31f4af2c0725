import Foundation
import Fuzzing
import Testing

/// Model-only replay against recorded CPU outcomes: each status, from a known answer.
struct ReplayTests {
    static func replay(_ entry: CorpusEntry) throws -> ReplayResult {
        try Replayer(modelOnly: true, profile: .amdZen4, strictUndefined: false).replay(entry, file: entry.fileName)
    }

    @Test func openEntryThatStillDivergesIsAsRecorded() throws {
        let result = try Self.replay(try CorpusFixtures.entry(rax: 1, alterRAX: true))
        #expect(result.status == .stillDiverging)
        #expect(result.status.isAsRecorded)
    }

    @Test func openEntryThatAgreesNowIsACandidateToMarkFixed() throws {
        let result = try Self.replay(try CorpusFixtures.entry(rax: 1, alterRAX: false))
        #expect(result.status == .nowAgreeing)
        #expect(!result.status.isAsRecorded)
    }

    @Test func fixedEntryThatDivergesAgainIsARegression() throws {
        #expect(try Self.replay(try CorpusFixtures.entry(rax: 1, alterRAX: true, status: .fixed)).status == .regression)
        #expect(try Self.replay(try CorpusFixtures.entry(rax: 1, alterRAX: false, status: .fixed)).status == .stillFixed)
    }

    @Test func anEntryDivergingOnOtherFieldsDivergesDifferently() throws {
        var entry = try CorpusFixtures.entry(rax: 1, alterRAX: true)
        entry.hardware.gpr[.rdx] ^= 1
        #expect(try Self.replay(entry).status == .divergingDifferently)
    }

    @Test func junitHasOneTestCasePerEntryAndEscapes() throws {
        let results = [try Self.replay(try CorpusFixtures.entry(rax: 1, alterRAX: true)),
                       try Self.replay(try CorpusFixtures.entry(rax: 2, alterRAX: true, status: .fixed))]
        let xml = JUnitReport.xml(results: results, unreadable: [CorpusReadError(file: "bad<1>.json", reason: "is not valid JSON")],
                                  suite: "corpus", seconds: 1)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 3)
        #expect(xml.contains(#"failures="1""#) && xml.contains(#"errors="1""#))
        #expect(xml.contains("bad&lt;1&gt;.json"))
        #expect(xml.contains(#"<failure type="regression""#))
    }
}
