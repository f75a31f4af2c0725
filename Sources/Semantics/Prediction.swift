import X86

/// What the model predicts for one case: the outcome, and what the comparator needs to judge it.
public struct Prediction: Sendable {
    public var outcome: Outcome
    /// Status flags the manuals leave undefined for this execution; the comparator masks them.
    public var undefinedFlags: UInt64
    /// The part of `undefinedFlags` whose value the CPU profile predicts (compared only in
    /// strict mode).
    public var profileDefinedFlags: UInt64
    /// GPRs the semantics read (bit n for register n) and flags they tested: the rest must not
    /// change what the CPU does (the "don't care" property).
    public var gprsRead: UInt16
    public var flagsRead: UInt64
    /// FSW bits the manuals leave undefined for this execution; the comparator masks them.
    public var undefinedStatusWord: UInt16 = 0
    /// Lanes the model predicts by a bound, not by their bits (the comparator asks each whether it
    /// accepts the CPU's value).
    public var approximateLanes: [ApproximateLane] = []
    /// x87 registers the model predicts by a bound (`ApproximateX87Register`).
    public var approximateX87: [ApproximateX87Register] = []
}
