import Decoding
import Foundation
import Fuzzing
import Sandbox
import Semantics
import Testing
import TestSupport
import X86

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

    /// `66 REX.W C2 iw`: the CPU takes 5 bytes, Capstone 4 says 7 (measured by the length probe).
    static func lengthEntry() throws -> CorpusEntry {
        let bytes = try Hex.parseBytes("6648c2000000000000000000000000")
        let instruction = try #require(try InstructionDecoder().decode(bytes))
        let model = ReferenceModel(profile: .generic)
        let prediction = try #require(model.predict(instruction, from: .defaults))
        let evidence = LengthEvidence(cpuLength: 5, exception: "#GP", fetched: 5, decoderLength: instruction.length)
        return try #require(CorpusEntry.lengthFinding(
            bytes: bytes, instruction: instruction, evidence: evidence,
            judge: CaseJudge(model: model, comparator: Comparator(platform: .kvmPVM)),
            executor: RecordedExecutor(outcome: prediction.outcome), environment: .current,
            origin: .init(seed: 1, caseIndex: 0, shard: "length --sample"), firstSeen: Date(timeIntervalSince1970: 0)))
    }

    @Test func aLengthFindingReplaysByItsLengths() throws {
        let entry = try Self.lengthEntry()
        #expect(entry.divergences.map(\.field) == ["length"] && entry.bytes.bytes.count == 15)
        #expect(try Corpus.decode(try Corpus.encoded(entry), name: entry.fileName) == entry)
        #expect(try Self.replay(entry).status == .stillDiverging)
        var otherDecoder = entry
        otherDecoder.length?.decoderLength = 9
        #expect(try Self.replay(otherDecoder).status == .divergingDifferently)
        var agreeing = entry
        agreeing.length = LengthEvidence(cpuLength: 7, exception: nil, fetched: 7, decoderLength: 7)
        #expect(try Self.replay(agreeing).status == .nowAgreeing)
        agreeing.status = .fixed
        #expect(try Self.replay(agreeing).status == .stillFixed)
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

    @Test func aLengthFindingIsMeasuredAgainOnTheCPU() throws {
        let entry = try ReplayTests.lengthEntry()
        #expect(try Replayer(modelOnly: false, strictUndefined: false).replay(entry, file: "x.json").status == .stillDiverging)
        var changed = entry
        changed.length?.cpuLength = 6
        let result = try Replayer(modelOnly: false, strictUndefined: false).replay(changed, file: "x.json")
        #expect(result.status == .cpuChanged)
        #expect(result.detail.hasPrefix("the CPU's length is now 5 (then #GP), recorded 6"), "\(result.detail)")
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
