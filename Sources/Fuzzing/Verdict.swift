import Semantics
import X86

/// How the CPU and the model compare on one case.
public enum Verdict: String, Sendable, Hashable, Codable {
    case agree, diverge
    /// The model does not cover the instruction (or Capstone could not decode it).
    case unsupported
}

/// The model's view of one case next to the CPU's, with the differences.
public struct Judgement: Sendable {
    public var prediction: Prediction?
    public var divergences: [Divergence]
    public var verdict: Verdict

    /// Predicts `instruction` from `state` and compares the prediction with `hardware`.
    public init(instruction: Instruction?, state: MachineState, hardware: Outcome, model: ReferenceModel, comparator: Comparator) {
        guard let instruction, let prediction = model.predict(instruction, from: state) else {
            self.prediction = nil
            divergences = []
            verdict = .unsupported
            return
        }
        self.prediction = prediction
        divergences = comparator.compare(hardware: hardware, prediction: prediction, instruction: instruction)
        verdict = divergences.isEmpty ? .agree : .diverge
    }
}
