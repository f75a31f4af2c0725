/// What replaying one corpus entry showed.
public enum ReplayStatus: String, Sendable, Codable, CaseIterable {
    /// An open entry still diverges with the recorded signature.
    case stillDiverging = "still-diverging"
    /// A fixed entry still agrees.
    case stillFixed = "still-fixed"
    /// An open entry now agrees: a candidate to mark fixed.
    case nowAgreeing = "now-agreeing"
    /// An open entry diverges, but with another signature.
    case divergingDifferently = "diverging-differently"
    /// A fixed entry diverges again.
    case regression
    /// The CPU no longer does what was recorded, on the same kind of machine.
    case cpuChanged = "cpu-changed"
    /// This machine's CPU or hypervisor is not the kind the entry was recorded on, and it does
    /// something else: reported, but not a failure, since nothing here can judge the entry.
    case otherCPU = "other-cpu"
    /// The model does not cover the instruction any more (or Capstone no longer decodes it).
    case unsupported

    /// True when the entry behaves as recorded, which is what a passing replay needs.
    public var isAsRecorded: Bool { self == .stillDiverging || self == .stillFixed }

    /// True when the entry fails a replay: anything not as recorded, except `other-cpu`.
    public var isFailure: Bool { !isAsRecorded && self != .otherCPU }
}

/// One replayed entry.
public struct ReplayResult: Sendable, Codable {
    public var file: String
    public var decoded: String
    public var status: ReplayStatus
    /// The recorded signature, and the one seen now (empty when the two agree now).
    public var recordedSignature: String
    public var currentSignature: String
    public var divergences: [Divergence]
    /// Why the result is what it is, in a line.
    public var detail: String
}
