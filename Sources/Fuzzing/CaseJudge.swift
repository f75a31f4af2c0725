import Sandbox
import Semantics
import X86

/// The one path that judges a case, wherever it comes from (campaign, check, replay, minimize,
/// known answers): the CPU's outcome from an executor, the model's prediction, the comparison,
/// and on a live CPU the confirming re-run and the platform check with the operand moved.
public struct CaseJudge {
    public let model: ReferenceModel
    public let comparator: Comparator
    /// Mnemonics whose every compared case diverges (field `injected`, class `model`): a test aid
    /// that exercises the corpus under load without needing a model bug.
    public var injectedDivergences: Set<String>

    public init(model: ReferenceModel, comparator: Comparator, injectedDivergences: Set<String> = []) {
        self.model = model
        self.comparator = comparator
        self.injectedDivergences = injectedDivergences
    }

    /// What became of one judged case.
    public enum Judged {
        /// The executor failed (watchdog, unexpected VM exit, a case the sandbox refuses).
        case harnessError(SandboxError)
        /// The model does not cover the instruction; the CPU's outcome is still known.
        case unsupported(hardware: Outcome)
        case agreed(hardware: Outcome, prediction: Prediction)
        case diverged(Finding)

        /// The CPU's outcome, where the executor gave one.
        public var hardware: Outcome? {
            switch self {
            case .harnessError: return nil
            case .unsupported(let hardware), .agreed(let hardware, _): return hardware
            case .diverged(let finding): return finding.hardware
            }
        }
    }

    /// Judges `instruction` from `state`. A divergence the live CPU does not repeat is `harness`;
    /// one the platform may have made is re-run with the operand moved (see `OperandRelocation`).
    public func judge(_ instruction: Instruction, from state: MachineState, on executor: Executor,
                      caseIndex: UInt64 = 0) -> Judged {
        let hardware: Outcome
        do { hardware = try executor.run(instruction, from: state) } catch { return .harnessError(error) }
        guard let prediction = model.predict(instruction, from: state) else { return .unsupported(hardware: hardware) }
        var divergences = comparator.compare(hardware: hardware, prediction: prediction, instruction: instruction)
        if injectedDivergences.contains(instruction.mnemonic) {
            divergences.append(Divergence(field: "injected", hardware: "-", model: "-", class: .model))
        }
        if divergences.isEmpty { return .agreed(hardware: hardware, prediction: prediction) }

        var evidence: String?
        if executor.isLive {
            if (try? executor.run(instruction, from: state)) != hardware {
                divergences = divergences.classed(.harness)
            } else if let fault = hardware.exception,
                      comparator.platform.mayHaveMade(fault, model: prediction.outcome, instruction: instruction),
                      let moved = OperandRelocation.state(state, movingTheOperandOf: instruction),
                      let movedPrediction = model.predict(instruction, from: moved), movedPrediction.outcome.exception == nil,
                      let movedHardware = try? executor.run(instruction, from: moved) {
                (divergences, evidence) = OperandRelocation.judged(divergences, fault: fault, movedCPU: movedHardware.exception)
            }
        }
        let signature = DivergenceSignature(instruction: instruction, divergences: divergences, hardware: hardware,
                                            model: prediction.outcome)
        return .diverged(Finding(caseIndex: caseIndex, instruction: instruction, state: state, hardware: hardware,
                                 prediction: prediction, divergences: divergences, signature: signature, evidence: evidence))
    }
}
