import Sandbox
import Semantics
import Targets
import X86

/// The one path that judges a case, wherever it comes from (campaign, check, replay, minimize,
/// known answers): the CPU's outcome from an executor, the model's prediction, each target's
/// outcome (`--target`), the comparisons, and on a live CPU the confirming re-run and the platform
/// check with the operand moved.
public struct CaseJudge {
    public let model: ReferenceModel
    public let comparator: Comparator
    /// Mnemonics whose every compared case diverges (field `injected`, class `model`): a test aid
    /// that exercises the corpus under load without needing a model bug.
    public var injectedDivergences: Set<String>
    /// Emulators that run every case next to the CPU; each is compared with the CPU.
    public var targets: [EmulatorTarget]
    /// False for `--no-model`: the model's outcome is not compared (its undefined-flag masks still
    /// apply to the targets' comparisons where it covers the instruction).
    public var comparesModel: Bool

    public init(model: ReferenceModel, comparator: Comparator, injectedDivergences: Set<String> = [],
                targets: [EmulatorTarget] = [], comparesModel: Bool = true) {
        self.model = model
        self.comparator = comparator
        self.injectedDivergences = injectedDivergences
        self.targets = targets
        self.comparesModel = comparesModel
    }

    /// What became of one judged case.
    public enum Judged {
        /// The executor failed (watchdog, unexpected VM exit, a case the sandbox refuses).
        case harnessError(SandboxError)
        /// Nothing was compared: the model does not cover the instruction (or was not asked) and no
        /// target ran it; the CPU's outcome is still known.
        case unsupported(hardware: Outcome)
        /// Every comparison agreed. `prediction` is nil where the model was not compared; `targets`
        /// holds what each target made of the case.
        case agreed(hardware: Outcome, prediction: Prediction?, targets: [TargetRecord])
        /// Boxed: a `Finding` is 880 bytes, which every judgement in a batch's array would carry.
        indirect case diverged(Finding)

        /// The CPU's outcome, where the executor gave one.
        public var hardware: Outcome? {
            switch self {
            case .harnessError: return nil
            case .unsupported(let hardware), .agreed(let hardware, _, _): return hardware
            case .diverged(let finding): return finding.hardware
            }
        }
    }

    /// Judges `instruction` from `state`. A divergence the live CPU does not repeat is `harness`;
    /// one the platform may have made is re-run with the operand moved (see `OperandRelocation`).
    public func judge(_ instruction: Instruction, from state: MachineState, on executor: Executor,
                      caseIndex: UInt64 = 0) -> Judged {
        let hardware = Result { () throws(SandboxError) in try executor.run(instruction, from: state) }
        let rerun: Rerun? = executor.isLive ? { runs in
            runs.map { run in Result { () throws(SandboxError) in try executor.run(run.instruction, from: run.state) } }
        } : nil
        return judge([FirstRun(instruction: instruction, state: state, caseIndex: caseIndex, hardware: hardware)], rerun: rerun)[0]
    }

    /// A case whose first CPU run was made.
    public struct FirstRun {
        public var instruction: Instruction
        public var state: MachineState
        public var caseIndex: UInt64
        public var hardware: Result<Outcome, SandboxError>

        public init(instruction: Instruction, state: MachineState, caseIndex: UInt64, hardware: Result<Outcome, SandboxError>) {
            self.instruction = instruction
            self.state = state
            self.caseIndex = caseIndex
            self.hardware = hardware
        }
    }

    /// Runs cases on the live CPU, returning their outcomes in order.
    public typealias Rerun = ([(instruction: Instruction, state: MachineState)]) -> [Result<Outcome, SandboxError>]

    /// Judges cases whose first runs were made. Every re-run their divergences need is made in
    /// one call of `rerun` (nil for a recording, which cannot run other states): the same state
    /// again (a CPU that does not repeat itself makes the divergence `harness`) and, where the
    /// platform may have made the CPU's fault, the state with the operand moved.
    public func judge(_ cases: [FirstRun], rerun: Rerun?) -> [Judged] {
        // Every slot is overwritten: by its assessment, or by its conclusion after the re-runs.
        // (Optional slots moved out at the end cost two copies of every judgement.)
        var judged = [Judged](repeating: Self.unjudged, count: cases.count)
        var pending: [(index: Int, divergence: PendingDivergence, firstRequest: Int)] = []
        var requests: [(instruction: Instruction, state: MachineState)] = []
        // By index, each case borrowed: `enumerated()` copied every case, its state and outcome included.
        for index in cases.indices {
            guard let divergence = assess(cases[index], into: &judged[index]) else { continue }
            guard rerun != nil else {
                judged[index] = conclude(divergence, again: nil, moved: nil)
                continue
            }
            pending.append((index, divergence, requests.count))
            requests.append((cases[index].instruction, cases[index].state))
            if let moved = divergence.movedState { requests.append((cases[index].instruction, moved)) }
        }
        let results = requests.isEmpty ? [] : rerun!(requests)
        for item in pending {
            let moved = item.divergence.movedState == nil ? nil : results[item.firstRequest + 1]
            judged[item.index] = conclude(item.divergence, again: results[item.firstRequest], moved: moved)
        }
        return judged
    }

    /// What a slot holds until its case is judged.
    private static let unjudged = Judged.harnessError(.invalidCase("not judged"))

    /// A divergence before its re-runs.
    struct PendingDivergence {
        var finding: Finding
        /// The state with the operand moved, where the platform may have made the CPU's fault and
        /// the model completes there.
        var movedState: MachineState?
    }

    /// Judges a case whose outcome needs no re-run into `slot` (built there, not copied out of an
    /// intermediate value), or returns its divergence for the re-runs.
    private func assess(_ item: borrowing FirstRun, into slot: inout Judged) -> PendingDivergence? {
        switch item.hardware {
        case .failure(let error):
            slot = .harnessError(error)
            return nil
        case .success(let hardware):
            return assess(item.instruction, from: item.state, hardware: hardware, caseIndex: item.caseIndex, into: &slot)
        }
    }

    private func assess(_ instruction: Instruction, from state: MachineState, hardware: Outcome, caseIndex: UInt64,
                        into slot: inout Judged) -> PendingDivergence? {
        let prediction = model.predict(instruction, from: state)
        let records = targets.map { TargetRecord(running: $0, instruction.bytes, from: state) }
        let compared = comparesModel ? prediction : nil
        guard compared != nil || records.contains(where: \.isCompared) else {
            slot = .unsupported(hardware: hardware)
            return nil
        }
        var divergences: [Divergence] = []
        var movedState: MachineState?
        if let compared, instruction.isUndecodable {
            divergences = UndecodableJudgement.divergences(hardware: hardware, prediction: compared, instruction: instruction)
        } else if let compared {
            divergences = comparator.compare(hardware: hardware, prediction: compared, instruction: instruction)
            if injectedDivergences.contains(instruction.mnemonic) {
                divergences.append(Divergence(field: "injected", hardware: "-", model: "-", class: .model))
            }
            if !divergences.isEmpty, let fault = hardware.exception,
               comparator.platform.mayHaveMade(fault, model: compared.outcome, instruction: instruction),
               let moved = OperandRelocation.state(state, movingTheOperandOf: instruction),
               let movedPrediction = model.predict(instruction, from: moved), movedPrediction.outcome.exception == nil {
                movedState = moved
            }
        }
        for record in records {
            divergences += comparator.compare(hardware: hardware, target: record, prediction: prediction, instruction: instruction)
        }
        if divergences.isEmpty {
            slot = .agreed(hardware: hardware, prediction: compared, targets: records)
            return nil
        }
        return PendingDivergence(finding: finding(caseIndex, instruction, state, hardware, compared, records, divergences),
                                 movedState: movedState)
    }

    private func finding(_ caseIndex: UInt64, _ instruction: Instruction, _ state: MachineState, _ hardware: Outcome,
                         _ prediction: Prediction?, _ targets: [TargetRecord], _ divergences: [Divergence]) -> Finding {
        Finding(caseIndex: caseIndex, instruction: instruction, state: state, hardware: hardware,
                prediction: prediction, divergences: divergences,
                signature: DivergenceSignature(instruction: instruction, divergences: divergences, hardware: hardware,
                                               model: prediction?.outcome),
                targets: targets)
    }

    /// The divergence after its re-runs (none for a recording): `again` is the same state run
    /// again, `moved` the state with the operand moved.
    private func conclude(_ pending: PendingDivergence, again: Result<Outcome, SandboxError>?,
                          moved: Result<Outcome, SandboxError>?) -> Judged {
        var finding = pending.finding
        if let again, again != .success(finding.hardware) {
            finding.divergences = finding.divergences.classed(.harness)
        } else if let fault = finding.hardware.exception, case .success(let movedHardware)? = moved {
            // The model's divergences only: the targets' were judged on their own outcomes.
            let isModels = { (divergence: Divergence) in Blame.split(divergence.field).party == "model" }
            let (judged, evidence) = OperandRelocation.judged(finding.divergences.filter(isModels), fault: fault,
                                                              movedCPU: movedHardware.exception)
            (finding.divergences, finding.evidence) = (judged + finding.divergences.filter { !isModels($0) }, evidence)
        }
        // The signature depends on nothing else the re-runs can change.
        if finding.divergences != pending.finding.divergences {
            finding.signature = DivergenceSignature(instruction: finding.instruction, divergences: finding.divergences,
                                                    hardware: finding.hardware, model: finding.prediction?.outcome)
        }
        return .diverged(finding)
    }
}
