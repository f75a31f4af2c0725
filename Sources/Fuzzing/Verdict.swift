
/// How the CPU and the model compare on one case.
public enum Verdict: String, Sendable, Hashable, Codable {
    case agree, diverge
    /// The model does not cover the instruction (or Capstone could not decode it).
    case unsupported
}
