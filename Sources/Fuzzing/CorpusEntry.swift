import Foundation
import X86

/// One corpus file: a distinct divergence with everything needed to reproduce it anywhere.
public struct CorpusEntry: Sendable, Codable, Equatable {
    /// Bumped when the format changes incompatibly; readers refuse other versions.
    public static let currentSchemaVersion = 1

    public enum Status: String, Sendable, Codable { case open, fixed }

    /// Where a case came from: re-running the campaign with these reproduces it.
    public struct Origin: Sendable, Codable, Equatable {
        public var seed: HexNumber
        public var caseIndex: HexNumber
        public var shard: String

        public init(seed: UInt64, caseIndex: UInt64, shard: String) {
            self.seed = HexNumber(seed)
            self.caseIndex = HexNumber(caseIndex)
            self.shard = shard
        }
    }

    public var schemaVersion: Int
    public var signature: DivergenceSignature
    public var bytes: HexBytes
    public var decoded: String
    public var initialState: MachineState
    public var hardware: Outcome
    /// The model's outcome; absent where the model was not compared (`--no-model`).
    public var model: Outcome?
    public var divergences: [Divergence]
    public var environment: HostEnvironment
    public var origin: Origin
    public var firstSeen: String
    public var hits: Int
    public var status: Status
    public var notes: String
    /// What a re-run showed about the divergence's class (the operand moved to a harmless
    /// address, for a fault the platform may have made), if one was made.
    public var evidence: String?
    /// For a `length` finding: the probe's measurement against the decoder's length, which replay
    /// measures again (the judge cannot: a branch or a fault hides the length from one run).
    public var length: LengthEvidence?
    /// What each target (`--target`) made of the case; `replay` runs them again. Absent without targets.
    public var targets: [TargetRecord]?

    /// A new open entry for a finding, seen once.
    public init(finding: Finding, environment: HostEnvironment, origin: Origin, firstSeen: Date) {
        schemaVersion = CorpusEntry.currentSchemaVersion
        signature = finding.signature
        bytes = HexBytes(finding.instruction.bytes)
        decoded = finding.instruction.text
        initialState = finding.state
        hardware = finding.hardware
        model = finding.prediction?.outcome
        divergences = finding.divergences
        self.environment = environment
        self.origin = origin
        self.firstSeen = ISO8601DateFormatter().string(from: firstSeen)
        hits = 1
        status = .open
        notes = ""
        evidence = finding.evidence
        targets = finding.targets.isEmpty ? nil : finding.targets
    }

    /// Why this entry cannot be replayed (its case breaks a rule every case obeys, or its hit
    /// counter is not positive), or nil when it can.
    public var problem: String? {
        if let problem = CaseValidation.problem(bytes: bytes.bytes, state: initialState) { return problem }
        return hits >= 1 ? nil : "hits \(hits) is not a positive count"
    }

    /// The file name: the signature's hash.
    public var fileName: String { signature.hash + ".json" }
}
