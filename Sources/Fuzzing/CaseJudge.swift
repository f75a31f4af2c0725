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
        return judge(instruction, from: state, hardware: hardware, repeated: false, on: executor, caseIndex: caseIndex)
    }

    /// Judges a case whose first CPU run was made already: on the single-step path (judged as
    /// above), or in a batch. A batch's agreement stands. A batch's divergence is run again on
    /// `executor` (the single-step path): where that run repeats it, the CPU has repeated itself;
    /// where it does not (`disagreed` is called), the case is judged from the single-step run, as if
    /// the batch had not run it. Either way a divergence is what the single-step path reports.
    public func judge(_ instruction: Instruction, from state: MachineState, firstRun: BatchExecutor.FirstRun,
                      on executor: Executor, caseIndex: UInt64 = 0, disagreed: () -> Void = {}) -> Judged {
        switch firstRun {
        case .singleStep(.failure(let error)):
            return .harnessError(error)
        case .singleStep(.success(let hardware)):
            return judge(instruction, from: state, hardware: hardware, repeated: false, on: executor, caseIndex: caseIndex)
        case .batch(let hardware):
            let recorded = judge(instruction, from: state, on: RecordedExecutor(outcome: hardware), caseIndex: caseIndex)
            guard case .diverged = recorded else { return recorded }
            let single: Outcome
            do { single = try executor.run(instruction, from: state) } catch { return .harnessError(error) }
            guard single == hardware else {
                disagreed()
                return judge(instruction, from: state, hardware: single, repeated: false, on: executor, caseIndex: caseIndex)
            }
            return judge(instruction, from: state, hardware: hardware, repeated: true, on: executor, caseIndex: caseIndex)
        }
    }

    /// `repeated`: the CPU gave `hardware` twice already, so a live executor need not confirm it.
    private func judge(_ instruction: Instruction, from state: MachineState, hardware: Outcome, repeated: Bool,
                       on executor: Executor, caseIndex: UInt64) -> Judged {
        guard let prediction = model.predict(instruction, from: state) else { return .unsupported(hardware: hardware) }
        var divergences = comparator.compare(hardware: hardware, prediction: prediction, instruction: instruction)
        if injectedDivergences.contains(instruction.mnemonic) {
            divergences.append(Divergence(field: "injected", hardware: "-", model: "-", class: .model))
        }
        if divergences.isEmpty { return .agreed(hardware: hardware, prediction: prediction) }

        var evidence: String?
        if executor.isLive {
            if !repeated, (try? executor.run(instruction, from: state)) != hardware {
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
