import Decoding
import Foundation
import Sandbox
import Semantics
import X86

/// Walks the opcode space on the CPU (`HuntMap`), measuring each encoding's length with no
/// decoder (`LengthProbe`) and sorting it against Capstone and the forms table. Encodings that
/// are findings are judged by the one judgement (`CaseJudge`) and their divergences recorded.
public final class Hunter {
    /// What one encoding is.
    public enum Kind: String, Sendable, CaseIterable {
        /// The CPU runs it and Capstone decodes it with the CPU's length.
        case executedKnown = "executed-known"
        /// The CPU runs it, Capstone cannot decode it, and the forms table has no form for it.
        case unknownForm = "unknown-form"
        /// The CPU runs it, Capstone cannot decode it, and the forms table has a form for it.
        case capstoneGap = "capstone-gap"
        /// Capstone decodes it with another length than the CPU's (or the CPU raises #UD only
        /// after fetching more bytes than Capstone's length).
        case lengthDisagreement = "length-disagreement"
        /// Capstone decodes it, the CPU raises #UD within Capstone's length.
        case decodedButUD = "decoded-but-ud"
        /// Capstone cannot decode it and the CPU raises #UD.
        case udAsExpected = "ud-as-expected"
    }

    /// One map's walk: encodings by kind, and whether the walk finished before the deadline.
    public struct MapSummary: Sendable {
        public var map: HuntMap
        public var counts: [Kind: Int] = [:]
        public var complete = true
        public var newSignatures = 0
    }

    /// One encoding that is a finding, for the command to print.
    public struct Evidence: Sendable {
        public var bytes: [UInt8]
        public var kind: Kind
        public var measurement: LengthProbe.Measurement
        public var decoded: Instruction?
        /// The corpus entry's file name, when the judgement diverged with a new signature.
        public var newEntry: String?
    }

    /// The state every encoding runs from: the defaults, with every GPR but RSP at the middle of
    /// the data window, so that a memory operand through any register lands there.
    public static let state: MachineState = {
        var state = MachineState.defaults
        for register in GPR.allCases where register != .rsp { state.gpr[register] = GuestLayout.dataBase + 0x800 }
        return state
    }()

    private let decoder: InstructionDecoder
    private let probe: LengthProbe
    private let executor: LiveExecutor
    private let judge: CaseJudge
    private let corpus: Corpus?

    /// A hunter on its own sandbox; `corpus` receives the findings' divergences (nil: none kept).
    public init(corpus: Corpus?) throws {
        decoder = try InstructionDecoder()
        let sandbox = try Sandbox()
        probe = LengthProbe(sandbox: sandbox)
        executor = LiveExecutor(sandbox: sandbox)
        judge = CaseJudge(model: ReferenceModel(profile: HostEnvironment.current.profile), comparator: Comparator())
        self.corpus = corpus
    }

    /// Walks `map` until done or `deadline`, handing each finding (anything but executed-known,
    /// decoded-but-#UD and #UD-as-expected, or an encoding whose judgement made a new corpus
    /// entry) to `report`. Once the first ModRM class shows the CPU never fetched the ModRM byte,
    /// the other classes of that opcode are skipped.
    public func walk(_ map: HuntMap, until deadline: ContinuousClock.Instant, report: (Evidence) -> Void) throws -> MapSummary {
        var summary = MapSummary(map: map)
        var index: UInt64 = 0
        for opcode in map.opcodes {
            if ContinuousClock.now >= deadline {
                summary.complete = false
                break
            }
            for modrm in HuntMap.modrmClasses {
                let bytes = opcode.encoding(modrm: modrm)
                let decoded = decoder.decode(bytes)
                let measurement = try probe.measure(bytes, from: Self.state, startingAt: decoded?.length ?? 1)
                let kind = Self.kind(decoded: decoded, measurement: measurement, bytes: bytes)
                summary.counts[kind, default: 0] += 1
                index += 1
                let newEntry = try judgeIfFinding(kind, bytes: bytes, decoded: decoded, measurement: measurement, map: map, index: index)
                if newEntry != nil { summary.newSignatures += 1 }
                if newEntry != nil || [.unknownForm, .capstoneGap, .lengthDisagreement].contains(kind) {
                    report(Evidence(bytes: bytes, kind: kind, measurement: measurement, decoded: decoded, newEntry: newEntry))
                }
                if let fetched = measurement.fetched, fetched <= opcode.lead.count { break }
            }
        }
        return summary
    }

    /// Sorts one encoding by what the CPU and Capstone make of it.
    public static func kind(decoded: Instruction?, measurement: LengthProbe.Measurement, bytes: [UInt8]) -> Kind {
        let raisedUD = measurement.outcome?.exception?.vector == .ud
        guard let decoded else {
            if raisedUD { return .udAsExpected }
            return UndecodableJudgement.finding(.undecodable(bytes)) == .capstoneGap ? .capstoneGap : .unknownForm
        }
        if raisedUD, let fetched = measurement.fetched, fetched <= decoded.length { return .decodedButUD }
        return measurement.length == decoded.length ? .executedKnown : .lengthDisagreement
    }

    /// Judges a finding or a decoded #UD through `CaseJudge` and records a divergence; the new
    /// entry's file name when its signature was new to the corpus.
    private func judgeIfFinding(_ kind: Kind, bytes: [UInt8], decoded: Instruction?, measurement: LengthProbe.Measurement,
                                map: HuntMap, index: UInt64) throws -> String? {
        guard let corpus, kind != .executedKnown, kind != .udAsExpected else { return nil }
        let instruction = decoded ?? .undecodable(bytes)
        guard case .diverged(let finding) = judge.judge(instruction, from: Self.state, on: executor, caseIndex: index) else {
            return nil
        }
        let isNew = try corpus.record(signature: finding.signature) {
            var entry = CorpusEntry(finding: finding, environment: HostEnvironment.current,
                                    origin: .init(seed: 0, caseIndex: index, shard: "hunt \(map.rawValue)"), firstSeen: Date())
            entry.notes = "hunt --map \(map.rawValue): \(kind.rawValue); " + Self.describe(measurement, decoded: decoded)
            return entry
        }
        return isNew ? finding.signature.hash : nil
    }

    /// The length evidence in words: `cpu length 3 (probe), Capstone none`.
    public static func describe(_ measurement: LengthProbe.Measurement, decoded: Instruction?) -> String {
        "cpu length \(LengthEvidence(measurement, decoderLength: decoded?.length).cpuText) (probe), Capstone "
            + (decoded.map { "\($0.length) (\($0.text))" } ?? "none")
    }
}
