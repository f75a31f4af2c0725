import X86

/// Which path runs a command's cases on the CPU (`--executor`).
public enum ExecutorKind: String, Sendable, Codable, CaseIterable {
    /// Many cases per KVM_RUN (`BatchExecutor`); what the batch cannot run exactly goes to single-step.
    case batch
    /// One KVM_RUN per case (`LiveExecutor`).
    case singleStep = "single-step"

    /// The kind named by `text`, or an error that lists the choices.
    public static func option(_ text: String) throws(InputError) -> ExecutorKind {
        guard let kind = ExecutorKind(rawValue: text) else {
            throw InputError("--executor '\(text)' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }
}
