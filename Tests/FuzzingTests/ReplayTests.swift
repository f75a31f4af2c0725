import Foundation
import Fuzzing
import Sandbox
import Testing
import TestSupport

/// Model-only replay against recorded CPU outcomes: each status, from a known answer.
struct ReplayTests {
    static func replay(_ entry: CorpusEntry) throws -> ReplayResult {
        try Replayer(modelOnly: true, strictUndefined: false).replay(entry, file: entry.fileName)
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
        let xml = JUnitReport.xml(results: results, unreadable: [CorpusReadError(path: "bad<1>.json", reason: "is not valid JSON")],
                                  suite: "corpus", seconds: 1)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 3)
        #expect(xml.contains(#"failures="1""#) && xml.contains(#"errors="1""#))
        #expect(xml.contains("bad&lt;1&gt;.json"))
        #expect(xml.contains(#"<failure type="regression""#))
    }
}

/// Replay on the CPU: a recorded outcome the CPU does not reproduce fails on the machine kind it
/// was recorded on, and is only reported when the entry comes from another kind of machine.
@Suite(.needsKVM)
struct CPUReplayTests {
    /// `add rax, rbx` recorded as completing with a RIP the CPU never gives.
    static func entryTheCPUContradicts(recordedOn environment: HostEnvironment) throws -> CorpusEntry {
        var entry = try CorpusFixtures.entry(rax: 1, alterRAX: false, status: .fixed)
        entry.hardware.rip ^= 0x40
        entry.environment = environment
        return entry
    }

    @Test func onTheRecordingKindOfMachineADifferentCPUOutcomeFails() throws {
        let result = try Replayer(modelOnly: false, strictUndefined: false)
            .replay(try Self.entryTheCPUContradicts(recordedOn: .current), file: "x.json")
        #expect(result.status == .cpuChanged)
        #expect(result.status.isFailure)
        #expect(result.detail.hasPrefix("the CPU now gives completed"))
    }

    @Test func onAnotherKindOfMachineADifferentCPUOutcomeIsReportedNotFailed() throws {
        var elsewhere = HostEnvironment.current
        elsewhere.vendor = elsewhere.vendor == "GenuineIntel" ? "AuthenticAMD" : "GenuineIntel"
        elsewhere.modelName = "a CPU of another kind"
        let result = try Replayer(modelOnly: false, strictUndefined: false)
            .replay(try Self.entryTheCPUContradicts(recordedOn: elsewhere), file: "x.json")
        #expect(result.status == .otherCPU)
        #expect(!result.status.isFailure && !result.status.isAsRecorded)
        #expect(result.detail.contains("(recorded on a CPU of another kind"))
        let xml = JUnitReport.xml(results: [result], unreadable: [], suite: "corpus", seconds: 0)
        #expect(xml.contains(#"failures="0" skipped="1""#) && xml.contains("<skipped message="))
    }

    @Test func theCPUReproducingTheRecordJudgesTheModelAsRecorded() throws {
        let result = try Replayer(modelOnly: false, strictUndefined: false)
            .replay(try CorpusFixtures.entry(rax: 5, alterRAX: false, status: .fixed), file: "x.json")
        #expect(result.status == .stillFixed)
    }
}
