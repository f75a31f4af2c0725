import Decoding
import Generation
import Sandbox
import Semantics
import X86

/// One divergence found on a case, with everything needed to reproduce and judge it.
public struct Finding: Sendable {
    public var caseIndex: UInt64
    public var instruction: Instruction
    public var state: MachineState
    public var hardware: Outcome
    public var prediction: Prediction
    public var divergences: [Divergence]
    public var signature: DivergenceSignature
    /// What a re-run showed about the class, if one was made (see `CorpusEntry.evidence`).
    public var evidence: String?

    public init(caseIndex: UInt64, instruction: Instruction, state: MachineState, hardware: Outcome, prediction: Prediction,
                divergences: [Divergence], signature: DivergenceSignature, evidence: String? = nil) {
        self.caseIndex = caseIndex
        self.instruction = instruction
        self.state = state
        self.hardware = hardware
        self.prediction = prediction
        self.divergences = divergences
        self.signature = signature
        self.evidence = evidence
    }
}

/// What became of one case.
public enum CaseResult: Sendable {
    case filtered(FilterReason)
    /// Accepted, but outside the campaign's focus.
    case outOfFocus
    case agreed(mnemonic: String)
    case diverged(Finding)
    /// The harness failed on the case (watchdog, unexpected VM exit).
    case harnessError(bytes: [UInt8], SandboxError)
}

/// Runs cases from generation to judgement: front half, state randomizer, the CPU (sandbox),
/// the model and the comparator. A divergence is run on the CPU a second time before it is
/// believed; when the CPU does not repeat itself, it becomes class `harness`. One per worker
/// thread: it owns a Capstone handle and a VM.
public final class CaseRunner {
    private let frontHalf: FrontHalf
    private let randomizer: StateRandomizer
    private let executor: LiveExecutor
    private let judgeCase: CaseJudge
    public var model: ReferenceModel { judgeCase.model }

    /// `injectedDivergences` names mnemonics whose every compared case is reported as diverging
    /// (field `injected`, class `model`, so that every operand form is its own signature): a test
    /// aid that exercises the corpus under load without needing a model bug.
    public init(seed: UInt64, focus: Focus?, model: ReferenceModel, comparator: Comparator,
                injectedDivergences: Set<String> = [], sandboxOptions: Sandbox.Options = Sandbox.Options()) throws {
        let filter = Filter(isSupportedByModel: { [model] in model.supports($0) })
        frontHalf = try FrontHalf(seed: seed, focus: focus, filter: filter)
        randomizer = StateRandomizer(seed: seed)
        executor = LiveExecutor(sandbox: try Sandbox(options: sandboxOptions))
        judgeCase = CaseJudge(model: model, comparator: comparator, injectedDivergences: injectedDivergences)
    }

    /// Runs case `caseIndex` of the campaign.
    public func run(caseIndex: UInt64) -> CaseResult {
        let front = frontHalf.run(caseIndex: caseIndex)
        if let reason = front.verdict.reason { return .filtered(reason) }
        if front.inFocus == false { return .outOfFocus }
        let instruction = front.instruction!
        let state = randomizer.state(for: instruction, caseIndex: caseIndex)
        return judge(instruction, from: state, caseIndex: caseIndex)
    }

    /// Runs one instruction from one state on the CPU and the model, through the one judgement.
    public func judge(_ instruction: Instruction, from state: MachineState, caseIndex: UInt64) -> CaseResult {
        switch judgeCase.judge(instruction, from: state, on: executor, caseIndex: caseIndex) {
        case .harnessError(let error): return .harnessError(bytes: instruction.bytes, error)
        case .unsupported: return .filtered(.unsupportedByModel)
        case .agreed: return .agreed(mnemonic: instruction.mnemonic)
        case .diverged(let finding): return .diverged(finding)
        }
    }
}
