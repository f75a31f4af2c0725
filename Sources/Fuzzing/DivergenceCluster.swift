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

    /// The cluster key and fields of a signature: its fields with registers by kind (a target's
    /// fields keep the target's name: `unicorn:gpr:target`), and its outcome kinds (a cluster is a
    /// function of the signature, less the form).
    static func key(_ signature: DivergenceSignature) -> (key: String, fields: [String]) {
        let fields = Set(signature.fields.map { field in
            // `NAME:CLASS`, where a target's NAME is `TARGET:FIELD` (`unicorn:rax:target`).
            guard let colon = field.lastIndex(of: ":") else { return field }
            let (party, name) = Blame.split(String(field[..<colon]))
            let kind = fieldKind(name)
            return (party == "model" ? kind : "\(party):\(kind)") + field[colon...]
        }).sorted()
        return (fields.joined(separator: ",") + " | cpu \(signature.hardwareOutcome) | model \(signature.modelOutcome)", fields)
    }

    /// A field with the register's name replaced by its kind: `rcx` → `gpr`, `ymm7` → `vector`.
    static func fieldKind(_ field: String) -> String {
        if GPR(name: field) != nil { return "gpr" }
        for prefix in ["xmm", "ymm", "zmm"] where field.hasPrefix(prefix) && field.dropFirst(3).allSatisfy(\.isNumber) {
            return "vector"
        }
        return field
    }

    /// A cluster of one finding (whose signature's hash is `hash`), its forms and signatures left
    /// for the caller to fill in.
    init(_ finding: Finding, hash: String, corpus: String) {
        (key, fields) = Self.key(finding.signature)
        hardwareOutcome = finding.signature.hardwareOutcome
        modelOutcome = finding.signature.modelOutcome
        cases = 1
        forms = []
        signatureHashes = []
        examples = [Self.example(finding, hash: hash, corpus: corpus)]
    }

    static func example(_ finding: Finding, hash: String, corpus: String) -> Example {
        let instruction = finding.instruction
        // `check --entry` runs the targets it is given: the ones the case ran on.
        let targets = finding.targets.map { " --target " + shellWord($0.name) }.joined()
        return Example(signature: hash, decoded: instruction.isUndecodable ? InstructionForm.describe(instruction) : instruction.text,
                       bytes: Hex.format(bytes: instruction.bytes),
                       check: "x86fuzz check --entry \(shellWord("\(corpus)/\(hash).json"))" + targets)
    }

    /// `text` as one shell word: as it is when it holds only safe characters, else single-quoted.
    static func shellWord(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=+,-")
        if !text.isEmpty && text.allSatisfy(safe.contains) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
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

    /// Each signature's cluster key, worked out once.
    private var keys: [String: String] = [:]

    /// Counts a divergence whose signature's hash is `hash`.
    mutating func record(_ finding: Finding, hash: String, corpus: String) {
        let key = keys[hash] ?? DivergenceCluster.key(finding.signature).key
        keys[hash] = key
        // The signature names the form, except for the platform's divergences (form `*`).
        let form = finding.signature.form == DivergenceSignature.anyInstruction
            ? InstructionForm.describe(finding.instruction) : finding.signature.form
        if parts[key] == nil {
            parts[key] = (DivergenceCluster(finding, hash: hash, corpus: corpus), [form], [hash])
            return
        }
        parts[key]!.cluster.cases += 1
        parts[key]!.forms.insert(form)
        if parts[key]!.signatures.insert(hash).inserted {
            parts[key]!.cluster.addExamples([DivergenceCluster.example(finding, hash: hash, corpus: corpus)])
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
