import Decoding
import Generation
import Sandbox
import Semantics
import Targets
import X86

/// One divergence found on a case, with everything needed to reproduce and judge it.
public struct Finding: Sendable {
    public var caseIndex: UInt64
    public var instruction: Instruction
    public var state: MachineState
    public var hardware: Outcome
    /// The model's prediction; nil where it was not compared (`--no-model`, or it does not cover
    /// the instruction and a target was compared).
    public var prediction: Prediction?
    public var divergences: [Divergence]
    public var signature: DivergenceSignature
    /// What a re-run showed about the class, if one was made (see `CorpusEntry.evidence`).
    public var evidence: String?
    /// What each target (`--target`) made of the case.
    public var targets: [TargetRecord]

    public init(caseIndex: UInt64, instruction: Instruction, state: MachineState, hardware: Outcome, prediction: Prediction?,
                divergences: [Divergence], signature: DivergenceSignature, evidence: String? = nil, targets: [TargetRecord] = []) {
        self.caseIndex = caseIndex
        self.instruction = instruction
        self.state = state
        self.hardware = hardware
        self.prediction = prediction
        self.divergences = divergences
        self.signature = signature
        self.evidence = evidence
        self.targets = targets
    }
}

/// What became of one case.
public enum CaseResult: Sendable {
    case filtered(FilterReason, Instruction)
    /// Accepted, but outside the campaign's focus.
    case outOfFocus
    /// The CPU ran it (`exception` nil: it completed), and the model does not cover it.
    case unsupported(Instruction, exception: ExceptionVector?)
    case agreed(Instruction, exception: ExceptionVector?)
    /// Boxed: a `Finding` is 880 bytes, which every result in a batch's array would carry.
    indirect case diverged(Finding)
    /// The harness failed on the case (watchdog, unexpected VM exit).
    case harnessError(bytes: [UInt8], SandboxError)
}

/// Runs cases from generation to judgement: front half, state randomizer, the CPU (a batch or
/// the single-step sandbox), the model and the comparator. A divergence is run on the CPU a
/// second time before it is believed; when the CPU does not repeat itself, it becomes class
/// `harness`. One per worker thread: it owns a Capstone handle and its VMs.
public final class CaseRunner {
    private let frontHalf: FrontHalf
    private let randomizer: StateRandomizer
    /// The single-step path, timed.
    private let executor: TimedExecutor
    private let batchExecutor: BatchExecutor?
    private let judgeCase: CaseJudge
    public var model: ReferenceModel { judgeCase.model }
    /// Where this runner's time went so far.
    public private(set) var stageTimes = StageTimes()
    /// Divergence signatures whose batch outcome the single-step path has confirmed.
    private var checkedSignatures: Set<String> = []
    /// Where the batch executor sent the cases so far (zero on the single-step path).
    public var executorCounters: BatchExecutor.Counters { batchExecutor?.counters ?? BatchExecutor.Counters() }

    /// `injectedDivergences` names mnemonics whose every compared case is reported as diverging
    /// (field `injected`, class `model`, so that every operand form is its own signature): a test
    /// aid that exercises the corpus under load without needing a model bug. `targets` run every
    /// case next to the CPU; without `comparesModel` the filter no longer asks whether the model
    /// covers an instruction.
    public init(seed: UInt64, focus: Focus?, model: ReferenceModel, comparator: Comparator,
                injectedDivergences: Set<String> = [], executor kind: ExecutorKind = .batch,
                sandboxOptions: Sandbox.Options = Sandbox.Options(), targets: [EmulatorTarget] = [],
                comparesModel: Bool = true) throws {
        let filter = Filter(isSupportedByModel: comparesModel ? { [model] in model.supports($0) } : { _ in true })
        frontHalf = try FrontHalf(seed: seed, focus: focus, filter: filter)
        randomizer = StateRandomizer(seed: seed)
        switch kind {
        case .batch:
            let batch = try BatchExecutor(options: sandboxOptions)
            batchExecutor = batch
            executor = TimedExecutor(batch.singleStep)
        case .singleStep:
            batchExecutor = nil
            executor = TimedExecutor(LiveExecutor(sandbox: try Sandbox(options: sandboxOptions)))
        }
        judgeCase = CaseJudge(model: model, comparator: comparator, injectedDivergences: injectedDivergences,
                              targets: targets, comparesModel: comparesModel)
    }

    /// Runs case `caseIndex` of the campaign.
    public func run(caseIndex: UInt64) -> CaseResult { run(caseIndices: [caseIndex])[0] }

    /// Runs these cases of the campaign (in one batch where the executor batches); the results
    /// are in the same order.
    public func run(caseIndices: [UInt64]) -> [CaseResult] {
        var results = [CaseResult?](repeating: nil, count: caseIndices.count)
        var pending: [(slot: Int, caseIndex: UInt64, instruction: Instruction)] = []
        stageTimes.time(\.front) {
            for (slot, caseIndex) in caseIndices.enumerated() {
                let front = frontHalf.run(caseIndex: caseIndex)
                if let reason = front.verdict.reason {
                    results[slot] = .filtered(reason, front.instruction)
                } else if front.inFocus == false {
                    results[slot] = .outOfFocus
                } else {
                    pending.append((slot, caseIndex, front.instruction))
                }
            }
        }
        // The cases as the executor takes them, built once (zipping a separate array of states
        // into them copied every instruction and state once more).
        var cases: [(instruction: Instruction, state: MachineState, caseIndex: UInt64)] = []
        cases.reserveCapacity(pending.count)
        stageTimes.time(\.state) {
            for item in pending {
                cases.append((item.instruction, randomizer.state(for: item.instruction, caseIndex: item.caseIndex), item.caseIndex))
            }
        }
        let executedBefore = executedSoFar
        let start = ContinuousClock.now
        let judged: [CaseJudge.Judged]
        if let batchExecutor {
            judged = batchExecutor.judge(cases, with: judgeCase, checked: &checkedSignatures)
        } else {
            judged = cases.map { judgeCase.judge($0.instruction, from: $0.state, on: executor, caseIndex: $0.caseIndex) }
        }
        let executed = executedSoFar - executedBefore
        stageTimes.execute += executed
        stageTimes.judge += ContinuousClock.now - start - executed
        // By index: the judgements are read in place, where zipping copied each one.
        for (position, item) in pending.enumerated() { results[item.slot] = result(judged[position], item.instruction) }
        return results.takeFilled()
    }

    /// Time spent on the CPU so far.
    private var executedSoFar: Duration { executor.timer.elapsed + (batchExecutor?.executing ?? .zero) }

    /// Runs one instruction from one state on the CPU and the model, through the one judgement.
    public func judge(_ instruction: Instruction, from state: MachineState, caseIndex: UInt64) -> CaseResult {
        result(judgeCase.judge(instruction, from: state, on: executor, caseIndex: caseIndex), instruction)
    }

    private func result(_ judged: CaseJudge.Judged, _ instruction: Instruction) -> CaseResult {
        switch judged {
        case .harnessError(let error): return .harnessError(bytes: instruction.bytes, error)
        case .unsupported(let hardware): return .unsupported(instruction, exception: hardware.exception?.vector)
        case .agreed(let hardware, _, _): return .agreed(instruction, exception: hardware.exception?.vector)
        case .diverged(let finding): return .diverged(finding)
        }
    }
}

/// An executor that keeps count of the time spent in it.
struct TimedExecutor: Executor {
    final class Timer { var elapsed: Duration = .zero }

    let base: Executor
    let timer = Timer()
    init(_ base: Executor) { self.base = base }
    var isLive: Bool { base.isLive }

    func run(_ instruction: Instruction, from state: MachineState) throws(SandboxError) -> Outcome {
        let start = ContinuousClock.now
        defer { timer.elapsed += ContinuousClock.now - start }
        return try base.run(instruction, from: state)
    }
}
