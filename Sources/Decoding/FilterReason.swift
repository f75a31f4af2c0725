/// Why the filter rejects a case: a closed set, whose raw values appear in JSON and summaries.
/// Adding a reason is one case here plus the rule that gives it in `Filter`.
public enum FilterReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The result differs from run to run on the same CPU (random numbers, time stamps,
    /// performance counters, which host CPU the vCPU is on).
    case nondeterministic
    /// The hypervisor, not the CPU, decides the outcome (CPUID, VMX/SVM instructions and
    /// hypercalls, descriptor-table reads that KVM emulates), so it would not test silicon.
    case hypervisor
    /// The forms table has no modelled form with the instruction's mnemonic and opcode, or the
    /// model's semantics do not take its operands.
    case unsupportedByModel = "unsupported-by-model"
    /// EVEX-encoded (AVX-512), decodable or not: the harness does not control AVX-512 state, so
    /// the outcome is not a function of the case (docs/PLATFORM.md).
    case avx512
}

/// The filter's answer for one case.
public enum FilterVerdict: Sendable, Hashable {
    case accepted
    case rejected(FilterReason)

    /// `"accepted"` or `"rejected"`, as JSON prints it.
    public var label: String {
        switch self {
        case .accepted: "accepted"
        case .rejected: "rejected"
        }
    }

    /// The reason, when rejected.
    public var reason: FilterReason? {
        if case .rejected(let reason) = self { return reason }
        return nil
    }
}
