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

    /// Where a case's first CPU run was made.
    public enum FirstRun {
        /// In a batch: believed as far as the judge's single-step re-run repeats it.
        case batch(Outcome)
        case singleStep(Result<Outcome, SandboxError>)
    }

    /// Where the cases went, for the campaign's summary.
    public struct Counters: Sendable, Codable, Equatable {
        public var batched = 0
        /// Cases `BatchPlan` sent to the single-step path, by reason.
        public var planned: [String: Int] = [:]
        /// Cases that left their slot unaccounted for, by what happened.
        public var escaped = 0
        /// Batches a case broke into (their cases all ran on the single-step path), and their cases.
        public var abandonedBatches = 0
        public var abandonedCases = 0
        /// Divergences the single-step re-run did not repeat (judged from that run instead).
        public var batchDisagreed = 0

        public init() {}

        mutating func merge(_ other: Counters) {
            batched += other.batched
            planned.merge(other.planned, uniquingKeysWith: +)
            escaped += other.escaped
            abandonedBatches += other.abandonedBatches
            abandonedCases += other.abandonedCases
            batchDisagreed += other.batchDisagreed
        }
    }

    public private(set) var counters = Counters()

    public init(options: Sandbox.Options = Sandbox.Options()) throws(SandboxError) {
        batch = try BatchSandbox(options: options)
        singleStep = LiveExecutor(sandbox: try Sandbox(options: options))
    }

    /// The first CPU run of each case, in order.
    public func run(_ cases: [(instruction: Instruction, state: MachineState)]) -> [FirstRun] {
        var firstRuns = [FirstRun?](repeating: nil, count: cases.count)
        var batchCases: [BatchCase] = []
        var batchIndices: [Int] = []
        for (index, item) in cases.enumerated() {
            let observe = VectorObservation.isNeeded(for: item.instruction)
            switch BatchPlan.plan(item.instruction, state: item.state, observeVectorState: observe) {
            case .batch(let batchCase):
                batchCases.append(batchCase)
                batchIndices.append(index)
            case .singleStep(let reason):
                counters.planned[reason.rawValue, default: 0] += 1
            }
        }
        if !batchCases.isEmpty {
            switch batch.run(batchCases) {
            case .completed(let results):
                for (index, result) in zip(batchIndices, results) {
                    switch result {
                    case .outcome(let outcome):
                        firstRuns[index] = .batch(outcome)
                        counters.batched += 1
                    case .escaped: counters.escaped += 1
                    }
                }
            case .abandoned:
                counters.abandonedBatches += 1
                counters.abandonedCases += batchCases.count
            }
        }
        return cases.indices.map { index in
            firstRuns[index] ?? .singleStep(Result { () throws(SandboxError) in
                try singleStep.run(cases[index].instruction, from: cases[index].state)
            })
        }
    }

    /// Counts a divergence the single-step re-run did not repeat.
    func noteDisagreement() { counters.batchDisagreed += 1 }
}
