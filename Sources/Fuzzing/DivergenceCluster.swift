import X86

/// Divergences grouped by what went wrong, across instruction forms: the fields that differ
/// (registers by kind, not by name), their classes and the outcome kinds on both sides. One bug
/// in a shared piece of the model (the #PF error code) is one cluster over every form it touches,
/// not a signature per form.
public struct DivergenceCluster: Sendable, Codable, Equatable {
    /// One divergence of the cluster, to look at and reproduce.
    public struct Example: Sendable, Codable, Equatable {
        public var signature: String
        /// The instance this campaign saw (the corpus entry holds the signature's first instance,
        /// which for a platform artefact may be another instruction).
        public var decoded: String
        public var bytes: String
        /// Reproduces the case from its corpus entry.
        public var check: String
    }

    /// `fields | cpu KIND | model KIND`: what the cluster's divergences share.
    public var key: String
    /// `field:class`, registers by kind (`gpr`, `vector`).
    public var fields: [String]
    public var hardwareOutcome: String
    public var modelOutcome: String
    /// Diverged cases.
    public var cases: Int
    /// The forms (`InstructionForm`: `add r64, m64 [lock]`) and signatures it spans, sorted.
    public var forms: [String]
    public var signatureHashes: [String]
    /// Up to `exampleLimit` divergences, by signature.
    public var examples: [Example]

    /// Examples kept per cluster.
    static let exampleLimit = 3

    /// The clusters of these, largest first (ties by key).
    static func ranked(_ clusters: [String: DivergenceCluster]) -> [DivergenceCluster] {
        clusters.values.sorted { ($0.cases, $1.key) > ($1.cases, $0.key) }
    }

    /// The cluster key and fields of a finding's divergences.
    static func key(_ finding: Finding) -> (key: String, fields: [String], hardware: String, model: String) {
        let fields = Set(finding.divergences.map { "\(fieldKind($0.field)):\($0.class.rawValue)" }).sorted()
        let hardware = Coverage.outcomeName(finding.hardware.exception?.vector)
        let model = Coverage.outcomeName(finding.prediction.outcome.exception?.vector)
        return (fields.joined(separator: ",") + " | cpu \(hardware) | model \(model)", fields, hardware, model)
    }

    /// A field with the register's name replaced by its kind: `rcx` → `gpr`, `ymm7` → `vector`.
    static func fieldKind(_ field: String) -> String {
        if GPR(name: field) != nil { return "gpr" }
        for prefix in ["xmm", "ymm", "zmm"] where field.hasPrefix(prefix) && field.dropFirst(3).allSatisfy(\.isNumber) {
            return "vector"
        }
        return field
    }

    /// A cluster of one finding, its forms and signatures left for the caller to fill in.
    init(_ finding: Finding, corpus: String) {
        let (key, fields, hardware, model) = Self.key(finding)
        self.key = key
        self.fields = fields
        hardwareOutcome = hardware
        modelOutcome = model
        cases = 1
        forms = []
        signatureHashes = []
        examples = [Self.example(finding, corpus: corpus)]
    }

    static func example(_ finding: Finding, corpus: String) -> Example {
        let instruction = finding.instruction
        return Example(signature: finding.signature.hash,
                       decoded: instruction.isUndecodable ? InstructionForm.describe(instruction) : instruction.text, bytes: Hex.format(bytes: finding.instruction.bytes),
                check: "x86fuzz check --entry \(corpus)/\(finding.signature.hash).json")
    }

    /// Another part of the same cluster (a shard's) added.
    mutating func add(_ other: DivergenceCluster) {
        cases = Corpus.adding(other.cases, to: cases)
        forms = Array(Set(forms).union(other.forms)).sorted()
        signatureHashes = Array(Set(signatureHashes).union(other.signatureHashes)).sorted()
        addExamples(other.examples)
    }

    mutating func addExamples(_ others: [Example]) {
        for example in others where examples.count < Self.exampleLimit && !examples.contains(where: { $0.signature == example.signature }) {
            examples.append(example)
        }
    }
}

/// The clusters a worker keeps as findings go by, with their forms and signatures as sets.
struct ClusterCounters: Sendable {
    private var parts: [String: (cluster: DivergenceCluster, forms: Set<String>, signatures: Set<String>)] = [:]

    mutating func record(_ finding: Finding, corpus: String) {
        let key = DivergenceCluster.key(finding).key
        let form = InstructionForm.describe(finding.instruction)
        if parts[key] == nil {
            parts[key] = (DivergenceCluster(finding, corpus: corpus), [form], [finding.signature.hash])
            return
        }
        parts[key]!.cluster.cases += 1
        parts[key]!.forms.insert(form)
        if parts[key]!.signatures.insert(finding.signature.hash).inserted {
            parts[key]!.cluster.addExamples([DivergenceCluster.example(finding, corpus: corpus)])
        }
    }

    mutating func merge(_ other: ClusterCounters) {
        parts.merge(other.parts) { mine, theirs in
            var sum = mine
            sum.cluster.cases += theirs.cluster.cases
            sum.cluster.addExamples(theirs.cluster.examples)
            sum.forms.formUnion(theirs.forms)
            sum.signatures.formUnion(theirs.signatures)
            return sum
        }
    }

    /// The clusters, largest first, with their forms and signatures.
    var ranked: [DivergenceCluster] {
        DivergenceCluster.ranked(parts.mapValues { part in
            var cluster = part.cluster
            cluster.forms = part.forms.sorted()
            cluster.signatureHashes = part.signatures.sorted()
            return cluster
        })
    }
}
