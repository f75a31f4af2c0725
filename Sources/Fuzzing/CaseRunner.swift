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
    private let sandbox: Sandbox
    public let model: ReferenceModel
    private let comparator: Comparator
    private let injectedDivergences: Set<String>

    /// `injectedDivergences` names mnemonics whose every compared case is reported as diverging
    /// (field `injected`, class `model`, so that every operand form is its own signature): a test
    /// aid that exercises the corpus under load without needing a model bug.
    public init(seed: UInt64, focus: Focus?, model: ReferenceModel, comparator: Comparator,
                injectedDivergences: Set<String> = [], sandboxOptions: Sandbox.Options = Sandbox.Options()) throws {
        let filter = Filter(isSupportedByModel: { [model] in model.supports($0) })
        frontHalf = try FrontHalf(seed: seed, focus: focus, filter: filter)
        randomizer = StateRandomizer(seed: seed)
        sandbox = try Sandbox(options: sandboxOptions)
        self.model = model
        self.comparator = comparator
        self.injectedDivergences = injectedDivergences
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

    /// Runs one instruction from one state on the CPU and the model, confirming a divergence.
    public func judge(_ instruction: Instruction, from state: MachineState, caseIndex: UInt64) -> CaseResult {
        let observeVector = VectorObservation.isNeeded(for: instruction)
        let hardware: Outcome
        do { hardware = try sandbox.run(instruction.bytes, from: state, observeVectorState: observeVector) } catch {
            return .harnessError(bytes: instruction.bytes, error)
        }
        guard let prediction = model.predict(instruction, from: state) else { return .filtered(.unsupportedByModel) }
        var divergences = comparator.compare(hardware: hardware, prediction: prediction, instruction: instruction)
        if injectedDivergences.contains(instruction.mnemonic) {
            divergences.append(Divergence(field: "injected", hardware: "-", model: "-", class: .model))
        }
        if divergences.isEmpty { return .agreed(mnemonic: instruction.mnemonic) }

        let repeated = try? sandbox.run(instruction.bytes, from: state, observeVectorState: observeVector)
        if repeated != hardware {
            divergences = divergences.map { divergence in
                var harness = divergence
                harness.class = .harness
                return harness
            }
        }
        var evidence: String?
        if repeated == hardware, let fault = hardware.exception,
           comparator.platform.mayHaveMade(fault, model: prediction.outcome, instruction: instruction) {
            (divergences, evidence) = relocated(instruction, from: state, fault: fault, divergences: divergences,
                                                observeVector: observeVector)
        }
        let signature = DivergenceSignature(instruction: instruction, divergences: divergences, hardware: hardware,
                                            model: prediction.outcome)
        return .diverged(Finding(caseIndex: caseIndex, instruction: instruction, state: state, hardware: hardware,
                                 prediction: prediction, divergences: divergences, signature: signature, evidence: evidence))
    }

    /// A fault the platform may have made, where the model blames the operand's address: re-run
    /// with the operand at a canonical, aligned address. If the model then completes and the CPU
    /// still raises the same fault, the fault is the instruction's and the model is wrong. Where
    /// the operand cannot be moved, or the model faults there too (privilege), nothing can tell.
    private func relocated(_ instruction: Instruction, from state: MachineState, fault: ExceptionInfo,
                           divergences: [Divergence], observeVector: Bool) -> ([Divergence], String?) {
        guard let moved = OperandRelocation.state(state, movingTheOperandOf: instruction),
              let movedPrediction = model.predict(instruction, from: moved), movedPrediction.outcome.exception == nil,
              let movedHardware = try? sandbox.run(instruction.bytes, from: moved, observeVectorState: observeVector) else {
            return (divergences, nil)
        }
        return OperandRelocation.judged(divergences, fault: fault, movedCPU: movedHardware.exception)
    }
}
