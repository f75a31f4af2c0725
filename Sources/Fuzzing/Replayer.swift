import Decoding
import Foundation
import Sandbox
import Semantics
import Targets
import X86

/// Re-runs corpus entries on the CPU (unless model-only) and on the model, and says for each
/// whether it behaves as recorded.
public final class Replayer {
    private let decoder: InstructionDecoder
    /// The live CPU (nil for model-only): single-step, or batches of one entry.
    private let sandbox: Sandbox?
    private let batch: BatchExecutor?
    private let host: HostEnvironment
    private var models: [CPUProfile: ReferenceModel] = [:]
    private let strictUndefined: Bool
    private let platform: Platform?
    private let profileOverride: CPUProfile?
    private let modelOnly: Bool
    /// The length probe for `length` findings, opened on the first one (nil for model-only).
    private var lengthProbe: LengthProbe?
    /// The targets entries name, each opened on the first entry that needs it.
    private var targets: [String: EmulatorTarget] = [:]

    /// A replayer; with `modelOnly` it compares the model against the recorded CPU outcome and
    /// needs no KVM. Otherwise the CPU of `host` must first reproduce the recorded outcome. Either
    /// way the model predicts with the recording CPU's profile: an entry tests the model as recorded.
    /// Artefacts are those of `platform`, or else of the platform the entry was recorded on;
    /// `profile` (`--profile FILE`) replaces the recording CPU's.
    /// `executor` chooses the live CPU's path.
    public init(modelOnly: Bool, host: HostEnvironment = .current, strictUndefined: Bool, platform: Platform? = nil,
                profile: CPUProfile? = nil, executor: ExecutorKind = .batch) throws {
        decoder = try InstructionDecoder()
        batch = !modelOnly && executor == .batch ? try BatchExecutor() : nil
        sandbox = modelOnly || batch != nil ? nil : try Sandbox()
        self.host = host
        self.modelOnly = modelOnly
        self.strictUndefined = strictUndefined
        self.platform = platform
        profileOverride = profile
    }

    public func replay(_ entry: CorpusEntry, file: String) -> ReplayResult {
        var result = ReplayResult(file: file, decoded: entry.decoded, status: .unsupported,
                                  recordedSignature: entry.signature.text, currentSignature: "", divergences: [], detail: "")
        if let recorded = entry.length { return replayLength(entry, recorded: recorded, result: result) }
        let instruction = decoder.decodeCase(entry.bytes.bytes) ?? .undecodable(entry.bytes.bytes)
        let profile = profileOverride ?? entry.environment.profile
        let model = models[profile] ?? ReferenceModel(profile: profile)
        models[profile] = model
        let emulators: [EmulatorTarget]
        do { emulators = try (entry.targets ?? []).map { record throws(TargetError) in try target(record.name) } } catch {
            result.detail = "cannot run the entry's target: \(error.message)"
            return result
        }
        let judge = CaseJudge(model: model, comparator: Comparator(strictUndefined: strictUndefined,
                                                                  platform: platform ?? Platform(hypervisor: entry.environment.hypervisor)),
                              targets: emulators, comparesModel: entry.model != nil)
        let judged: CaseJudge.Judged
        if let batch {
            var checked: Set<String> = []
            judged = batch.judge([(instruction, entry.initialState, 0)], with: judge, checked: &checked)[0]
        } else {
            let executor: Executor = sandbox.map { LiveExecutor(sandbox: $0) } ?? RecordedExecutor(outcome: entry.hardware)
            judged = judge.judge(instruction, from: entry.initialState, on: executor)
        }
        guard let observed = judged.hardware else {
            if case .harnessError(let error) = judged { result.detail = "the CPU run failed: \(error)" }
            result.status = .cpuChanged
            return result
        }
        let changed = observed.differences(fromRecorded: entry.hardware)
        if !changed.isEmpty {
            let sameKind = host.isSameKind(as: entry.environment)
            result.status = sameKind ? .cpuChanged : .otherCPU
            result.detail = (sameKind ? "the CPU now gives " : "this CPU (\(host.summary)) gives ")
                + "\(Comparator.describe(observed.exception)) at \(Hex.format(observed.rip)), "
                + "recorded \(Comparator.describe(entry.hardware.exception)) at \(Hex.format(entry.hardware.rip))"
                + " (recorded on \(entry.environment.summary)); differs in " + changed.joined(separator: ", ")
            return result
        }
        let divergences: [Divergence]
        var current: DivergenceSignature?
        switch judged {
        case .harnessError, .unsupported:
            result.detail = entry.model == nil ? "no target ran \(instruction.text)" : "the model does not cover \(instruction.text)"
            return result
        case .agreed:
            divergences = []
        case .diverged(let finding):
            divergences = finding.divergences
            current = finding.signature
            result.currentSignature = finding.signature.text
        }
        Self.conclude(&result, recorded: entry.status, divergences: divergences,
                      sameWay: current?.matches(entry.signature) == true,
                      agreeing: entry.targets == nil ? "the model now agrees with the CPU" : "the model and the targets now agree with the CPU")
        return result
    }

    /// The target named `name`, opened once.
    private func target(_ name: String) throws(TargetError) -> EmulatorTarget {
        if let open = targets[name] { return open }
        let opened = try Targets.open(name)
        targets[name] = opened
        return opened
    }

    /// An entry's status once the CPU gave its recorded outcome (or model-only): still fixed, a
    /// regression, now agreeing (`agreeing` says who), or diverging as recorded (`sameWay`) or not.
    private static func conclude(_ result: inout ReplayResult, recorded: CorpusEntry.Status, divergences: [Divergence],
                                 sameWay: Bool, agreeing: String) {
        result.divergences = divergences
        switch (recorded, divergences.isEmpty) {
        case (.fixed, true):
            result.status = .stillFixed
        case (.fixed, false):
            result.status = .regression
            result.detail = "fixed, but diverges again: " + fields(divergences)
        case (.open, true):
            result.status = .nowAgreeing
            result.detail = agreeing + ": mark it fixed (replay --mark-fixed)"
        case (.open, false):
            result.status = sameWay ? .stillDiverging : .divergingDifferently
            result.detail = sameWay ? "diverges as recorded" : "diverges differently: " + fields(divergences)
        }
    }

    /// A `length` finding: the probe measures the CPU's side again (unless model-only) and the
    /// decoder gives its length again; the entry behaves as recorded while they still disagree so.
    private func replayLength(_ entry: CorpusEntry, recorded: LengthEvidence, result: ReplayResult) -> ReplayResult {
        var result = result
        var current = recorded
        current.decoderLength = decoder.decode(entry.bytes.bytes)?.length
        if !modelOnly {
            do {
                let probe = try lengthProbe ?? LengthProbe(sandbox: Sandbox())
                lengthProbe = probe
                let measured = LengthEvidence(try probe.measure(entry.bytes.bytes, startingAt: current.decoderLength ?? 1),
                                              decoderLength: current.decoderLength)
                if !measured.sameCPUSide(as: recorded) {
                    let sameKind = host.isSameKind(as: entry.environment)
                    result.status = sameKind ? .cpuChanged : .otherCPU
                    result.detail = (sameKind ? "the CPU's length is now " : "this CPU (\(host.summary)) gives length ")
                        + "\(measured.cpuText), recorded \(recorded.cpuText) (recorded on \(entry.environment.summary))"
                    return result
                }
            } catch {
                result.status = .cpuChanged
                result.detail = "the length probe failed: \(error)"
                return result
            }
        }
        result.currentSignature = current.agrees ? "" : entry.signature.text
        Self.conclude(&result, recorded: entry.status, divergences: current.agrees ? [] : [current.divergence],
                      sameWay: current.decoderLength == recorded.decoderLength, agreeing: "the decoder's length now agrees with the CPU's")
        return result
    }

    private static func fields(_ divergences: [Divergence]) -> String {
        divergences.map { "\($0.field) cpu \($0.hardware) model \($0.model)" }.joined(separator: "; ")
    }
}
