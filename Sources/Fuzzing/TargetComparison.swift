import Semantics
import Targets
import X86

/// What one target made of a case, as corpus entries and `check --json` record it: its outcome
/// and the fields it cannot report, or why it did not run the step.
public struct TargetRecord: Sendable, Hashable, Codable {
    public var name: String
    /// Its outcome, where it ran the step.
    public var outcome: Outcome?
    /// The outcome's fields it cannot report; they are not compared.
    public var unobserved: [String]?
    /// It does not cover the instruction, in its own words; nothing was compared.
    public var unsupported: String?
    /// It failed on the case; this is compared as its outcome (field `TARGET:outcome`).
    public var error: String?

    /// Runs `bytes` from `state` on `target`.
    public init(running target: EmulatorTarget, _ bytes: [UInt8], from state: MachineState) {
        name = target.name
        do {
            switch try target.run(bytes, from: state) {
            case .observed(let outcome, let unobserved):
                self.outcome = outcome
                self.unobserved = unobserved.isEmpty ? nil : unobserved
            case .unsupported(let reason):
                unsupported = reason
            }
        } catch {
            self.error = error.message
        }
    }

    /// True when the target ran the step or failed: it takes part in the comparison.
    var isCompared: Bool { unsupported == nil }
}

extension DivergenceClass {
    /// The class of a target's divergence from the CPU: `target`, or what a rule made it
    /// (`harness` where the platform may have made the CPU's fault, `undefined-behaviour`, `approximation`).
    fileprivate var forTarget: DivergenceClass { self == .model ? .target : self }
}

extension Comparator {
    /// Where `target` differs from the CPU: each field named `TARGET:FIELD` (`unicorn:rax`), the
    /// target's value in `model`, class `target` (or `harness` where the platform may have made the
    /// CPU's fault). Flags the model's prediction leaves undefined are masked and its approximate
    /// lanes judged by their bound (every flag is compared where there is no prediction); the
    /// fields the target cannot report are left out. A target that failed differs in `TARGET:outcome`.
    /// Capstone's length plays no part: the target decodes the bytes itself.
    public func compare(hardware: Outcome, target: TargetRecord, prediction: Prediction?, instruction: Instruction) -> [Divergence] {
        guard let outcome = target.outcome else {
            guard let error = target.error else { return [] }
            return [Divergence(field: target.name + ":outcome", hardware: Self.describe(hardware.exception),
                               model: "error: " + error, class: .target)]
        }
        let unobserved = Set(target.unobserved ?? [])
        let fields = fieldDivergences(hardware: hardware, other: outcome, prediction: prediction).filter { !unobserved.contains($0.field) }
        return reclassifiedForPlatform(fields, hardware: hardware, model: outcome, instruction: instruction).map { divergence in
            var named = divergence
            named.field = target.name + ":" + divergence.field
            named.class = divergence.class.forTarget
            return named
        }
    }
}
