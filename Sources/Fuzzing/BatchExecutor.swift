import Sandbox
import X86

/// The CPU for many cases at once: the cases `BatchPlan` lets the batch harness run go into one
/// batch (one KVM_RUN per `BatchLayout.capacity` cases), the rest, the ones that escaped the
/// harness and every case of a batch that cannot be trusted run on the single-step path.
/// One per worker thread (it owns two VMs).
public final class BatchExecutor {
    public let batch: BatchSandbox
    /// The single-step path, which also confirms the batch's divergences.
    public let singleStep: LiveExecutor

    /// Where a case's run was made.
    public enum Run {
        case batch(Outcome)
        case singleStep(Result<Outcome, SandboxError>)

        public var result: Result<Outcome, SandboxError> {
            switch self {
            case .batch(let outcome): .success(outcome)
            case .singleStep(let result): result
            }
        }
    }

    /// Where the cases went, for the campaign's summary.
    public struct Counters: Sendable, Codable, Equatable {
        public var batched = 0
        /// Batched cases run under TF, and batched cases that raised an exception, by vector.
        public var underTrapFlag = 0
        public var exceptions: [String: Int] = [:]
        /// Cases run under TF that completed: their step ended in a #DB. With `exceptions` this is
        /// every exception delivered into the guest, what a batch's time is made of. Optional, so
        /// that stats written before it still read.
        public var trapFlagSteps: Int?
        /// Cases `BatchPlan` sent to the single-step path, by reason.
        public var planned: [String: Int] = [:]
        /// Cases that left their slot unaccounted for (and ran on the single-step path).
        public var escaped = 0
        /// Those cases by reason (`BatchEscape.Reason`); optional, so that stats written before it
        /// still read.
        public var escapedBecause: [String: Int]?
        /// Batches a case broke into (their cases all ran on the single-step path), and their cases.
        public var abandonedBatches = 0
        public var abandonedCases = 0
        /// Why batches were abandoned (the sandbox's words), with how often.
        public var abandonedBecause: [String: Int] = [:]
        /// Divergences with a signature new to the worker, checked on the single-step path, and
        /// those where that run differed from the batch's (then judged from the single-step path).
        public var batchChecked = 0
        public var batchDisagreed = 0
        /// Of the cases where the batch's outcome and the single-step run's differed, those where a
        /// further single-step run gave the batch's outcome: the CPU does not repeat itself there,
        /// and the executors do not disagree. Optional, so that stats written before it still read.
        public var batchNondeterministic: Int?
        /// The first few cases of either kind: bytes, and what differed (`BatchDisagreement`); optional so
        /// that stats written before it still read.
        public var disagreements: [String]?
        /// The first few abandoned batches: why, the sandbox's detail and, where it names the case
        /// that was running, that case's bytes (optional, so that stats written before it still read).
        public var abandonments: [String]?

        /// How many examples `disagreements` and `abandonments` keep.
        static let examplesKept = 8

        public init() {}

        /// `examples` with `example` added, unless they are full already.
        static func keeping(_ example: @autoclosure () -> String, in examples: [String]?) -> [String] {
            let kept = examples ?? []
            return kept.count < examplesKept ? kept + [example()] : kept
        }

        /// Both lists' examples, the first `examplesKept` of them; nil for none.
        static func merged(_ mine: [String]?, _ theirs: [String]?) -> [String]? {
            let kept = (mine ?? []) + (theirs ?? [])
            return kept.isEmpty ? nil : Array(kept.prefix(examplesKept))
        }

        mutating func merge(_ other: Counters) {
            batched += other.batched
            underTrapFlag += other.underTrapFlag
            if let other = other.trapFlagSteps { trapFlagSteps = (trapFlagSteps ?? 0) + other }
            exceptions.merge(other.exceptions, uniquingKeysWith: +)
            planned.merge(other.planned, uniquingKeysWith: +)
            escaped += other.escaped
            if let other = other.escapedBecause { escapedBecause = (escapedBecause ?? [:]).merging(other, uniquingKeysWith: +) }
            abandonedBatches += other.abandonedBatches
            abandonedCases += other.abandonedCases
            abandonedBecause.merge(other.abandonedBecause, uniquingKeysWith: +)
            batchChecked += other.batchChecked
            batchDisagreed += other.batchDisagreed
            if let other = other.batchNondeterministic { batchNondeterministic = (batchNondeterministic ?? 0) + other }
            disagreements = Self.merged(disagreements, other.disagreements)
            abandonments = Self.merged(abandonments, other.abandonments)
        }
    }

    /// Where the cases went so far.
    public var counters: Counters {
        var counters = recorded
        for (vector, count) in exceptionsByVector.enumerated() where count > 0 {
            counters.exceptions[ExceptionVector(rawValue: UInt8(vector)).name, default: 0] += count
        }
        return counters
    }

    private var recorded = Counters()
    /// The batched exceptions by vector, folded into `Counters.exceptions` when read: counting
    /// into a dictionary keyed by the vector's name cost a string hash per faulting case.
    private var exceptionsByVector = [Int](repeating: 0, count: 32)
    /// Time spent running cases on the CPU (batches and single-step runs).
    public private(set) var executing: Duration = .zero

    public init(options: Sandbox.Options = Sandbox.Options()) throws(SandboxError) {
        batch = try BatchSandbox(options: options)
        singleStep = LiveExecutor(sandbox: try Sandbox(options: options))
    }

    /// Runs the cases, in order: a batch for those `BatchPlan` allows, single-step for the others.
    /// The vector registers are read back where the instruction may touch them
    /// (`VectorObservation`), or always with `observeAllVectorState` (as `exec` shows them).
    public func run(_ cases: [(instruction: Instruction, state: MachineState)], observeAllVectorState: Bool = false) -> [Run] {
        var runs: [Run] = []
        runs.reserveCapacity(cases.count)
        run(count: cases.count, observeAllVectorState: observeAllVectorState, item: { cases[$0] }) { _, run in runs.append(run) }
        return runs
    }

    /// `run` of `count` cases read through `item`, so that callers holding more per case (the
    /// judge's case index) need not copy their cases into a new array first. Each run goes to
    /// `deliver`, in order, to be kept in the form its caller needs (moved, not copied).
    private func run(count: Int, observeAllVectorState: Bool, item: (Int) -> (instruction: Instruction, state: MachineState),
                     deliver: (Int, consuming Run) -> Void) {
        let start = ContinuousClock.now
        defer { executing += ContinuousClock.now - start }
        // Reserved up front and indexed rather than enumerated: at ten microseconds a case, the
        // reallocations and copies of these arrays' large elements were a measurable share.
        var observes: [Bool] = []
        var batchCases: [BatchCase] = []
        var batchIndices: [Int] = []
        observes.reserveCapacity(count)
        batchCases.reserveCapacity(count)
        batchIndices.reserveCapacity(count)
        for index in 0..<count {
            let (instruction, state) = item(index)
            let observe = observeAllVectorState || VectorObservation.isNeeded(for: instruction)
            observes.append(observe)
            switch BatchPlan.plan(instruction, state: state, observeVectorState: observe) {
            case .batch(let batchCase):
                batchCases.append(batchCase)
                batchIndices.append(index)
            case .singleStep(let reason):
                recorded.planned[reason.rawValue, default: 0] += 1
            }
        }
        var results: [BatchResult] = []
        if !batchCases.isEmpty {
            switch batch.run(batchCases) {
            case .completed(let completed): results = completed
            case .abandoned(let abandonment):
                recorded.abandonedBatches += 1
                recorded.abandonedCases += batchCases.count
                recorded.abandonedBecause[abandonment.reason.rawValue, default: 0] += 1
                let running = abandonment.caseIndex.flatMap { batchIndices.indices.contains($0) ? item(batchIndices[$0]).instruction : nil }
                recorded.abandonments = Counters.keeping("\(abandonment.reason.rawValue): \(abandonment.detail)"
                    + (running.map { ": \(Hex.format(bytes: $0.bytes)) (\($0.text))" } ?? ""), in: recorded.abandonments)
            }
        }
        var next = 0
        for index in 0..<count {
            if next < batchIndices.count, batchIndices[next] == index {
                next += 1
                // Moved out of the results (dropped afterwards) rather than copied, and counted here.
                if next <= results.count {
                    var result = BatchResult.escaped(Self.placeholder)
                    swap(&result, &results[next - 1])
                    switch consume result {
                    case .outcome(let outcome):
                        record(outcome, underTrapFlag: batchCases[next - 1].trapFlag)
                        deliver(index, .batch(outcome))
                        continue
                    case .escaped(let escape):
                        recorded.escaped += 1
                        var because = recorded.escapedBecause ?? [:]
                        because[escape.reason.rawValue, default: 0] += 1
                        recorded.escapedBecause = because
                    }
                }
            }
            let (instruction, state) = item(index)
            deliver(index, .singleStep(Result { () throws(SandboxError) in
                try singleStep.sandbox.run(instruction.bytes, from: state, observeVectorState: observes[index])
            }))
        }
    }

    /// What a result moved out of the batch's list leaves behind.
    private static let placeholder = BatchEscape(.unexpectedEnding, "moved out")

    /// Counts a batched case's outcome.
    private func record(_ outcome: Outcome, underTrapFlag: Bool) {
        recorded.batched += 1
        if underTrapFlag {
            recorded.underTrapFlag += 1
            if outcome.exception == nil { recorded.trapFlagSteps = (recorded.trapFlagSteps ?? 0) + 1 }
        }
        if let exception = outcome.exception { exceptionsByVector[Int(exception.vector.rawValue) & 31] += 1 }
    }

    /// Runs and judges cases. Their first runs, and then the re-runs their divergences need, go
    /// through `run`. A divergence whose signature is not in `checked` yet is run on the
    /// single-step path too: where that run differs from the batch's, the case is judged on the
    /// single-step path alone (and counted), so that no new signature comes from a batch outcome
    /// the single-step path does not give.
    public func judge(_ cases: [(instruction: Instruction, state: MachineState, caseIndex: UInt64)], with judge: CaseJudge,
                      checked: inout Set<String>) -> [CaseJudge.Judged] {
        // Each outcome goes straight into its first run (a zip and map copied every one).
        var firstRuns: [CaseJudge.FirstRun] = []
        var batched: [Bool] = []
        firstRuns.reserveCapacity(cases.count)
        batched.reserveCapacity(cases.count)
        run(count: cases.count, observeAllVectorState: false, item: { (cases[$0].instruction, cases[$0].state) }) { index, run in
            let hardware: Result<Outcome, SandboxError>
            switch consume run {
            case .batch(let outcome):
                hardware = .success(outcome)
                batched.append(true)
            case .singleStep(let result):
                hardware = result
                batched.append(false)
            }
            firstRuns.append(CaseJudge.FirstRun(instruction: cases[index].instruction, state: cases[index].state,
                                                caseIndex: cases[index].caseIndex, hardware: hardware))
        }
        var judged = judge.judge(firstRuns, rerun: { requests in
            var results: [Result<Outcome, SandboxError>] = []
            results.reserveCapacity(requests.count)
            self.run(count: requests.count, observeAllVectorState: false, item: { requests[$0] }) { _, run in results.append(run.result) }
            return results
        })
        for index in cases.indices {
            // A divergence's finding holds its first run's outcome.
            guard batched[index], case .diverged(let finding) = judged[index], !checked.contains(finding.signature.hash) else { continue }
            let outcome = finding.hardware
            let item = cases[index]
            recorded.batchChecked += 1
            let start = ContinuousClock.now
            let single = Result { () throws(SandboxError) in try singleStep.run(item.instruction, from: item.state) }
            executing += ContinuousClock.now - start
            if single != .success(outcome) {
                if givesOnSingleStep(outcome, item.instruction, item.state) {
                    recorded.batchNondeterministic = (recorded.batchNondeterministic ?? 0) + 1
                } else {
                    recorded.batchDisagreed += 1
                }
                recorded.disagreements = Counters.keeping(
                    BatchDisagreement.describe(item.instruction, caseIndex: item.caseIndex, batch: outcome, singleStep: single),
                    in: recorded.disagreements)
                judged[index] = judge.judge([CaseJudge.FirstRun(instruction: item.instruction, state: item.state,
                                                                caseIndex: item.caseIndex, hardware: single)],
                                            rerun: { $0.map { run in Result { () throws(SandboxError) in
                                                try self.singleStep.run(run.instruction, from: run.state) } } })[0]
            }
            if case .diverged(let settled) = judged[index] { checked.insert(settled.signature.hash) }
        }
        return judged
    }

    /// True when one of a few more single-step runs gives `outcome`: the CPU (or hypervisor) does
    /// not repeat itself on this case, and the batch's outcome is one the single-step path gives
    /// too. (kvm_pvm answers a store to 0xffff800000000080 with #PF error code 0x6 or 0xf at random,
    /// on either path.)
    private func givesOnSingleStep(_ outcome: Outcome, _ instruction: Instruction, _ state: MachineState) -> Bool {
        let start = ContinuousClock.now
        defer { executing += ContinuousClock.now - start }
        for _ in 0..<7 where (try? singleStep.run(instruction, from: state)) == outcome { return true }
        return false
    }
}
