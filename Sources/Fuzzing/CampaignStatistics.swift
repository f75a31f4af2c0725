import Decoding

/// Counters of a campaign, merged from every worker.
public struct CampaignStatistics: Sendable {
    public var cases = 0
    public var filtered: [String: Int] = [:]
    public var outOfFocus = 0
    public var agreed = 0
    public var diverged = 0
    public var divergencesByClass: [String: Int] = [:]
    /// Diverged cases by who differs from the CPU there: `model`, each target by name, `decoder`
    /// (Capstone) and `cpu` (class `harness`: the CPU or the hypervisor); a case counts once for each.
    public var divergencesByParty: [String: Int] = [:]
    public var harnessErrors = 0
    public var signatures: Set<String> = []
    public var newSignatures: Set<String> = []
    public var mnemonics: Set<String> = []
    /// Where the workers' time went.
    public var stageTimes = StageTimes()
    /// Where the batch executor sent the cases.
    public var executorCounters = BatchExecutor.Counters()
    /// What was tested, by mnemonic, form and opcode cell. A worker keeps its own until it ends,
    /// so these are the finished workers' only (see `Campaign.publish`).
    var coverage = CoverageCounters()
    /// The divergences grouped by what went wrong (the finished workers', as `coverage`).
    var clusters = ClusterCounters()

    public init() {}

    /// Cases compared on the CPU and the model (agreed or diverged).
    public var compared: Int { agreed + diverged }

    public var filteredTotal: Int { filtered.values.reduce(0, +) }

    /// Counts one case; `corpus` is where its divergence's entry goes (for the clusters' examples).
    mutating func record(_ result: CaseResult, corpus: String) {
        cases += 1
        switch result {
        case .filtered(let reason, let instruction):
            filtered[reason.rawValue, default: 0] += 1
            coverage.record(instruction, .filtered)
        case .unsupported(let instruction, let exception):
            filtered[FilterReason.unsupportedByModel.rawValue, default: 0] += 1
            coverage.record(instruction, .unjudged(exception))
        case .outOfFocus: outOfFocus += 1
        case .agreed(let instruction, let exception):
            agreed += 1
            // A worker's coverage outlives its published statistics, so a mnemonic goes into the
            // set once per shape and worker instead of a string hash per case.
            if coverage.record(instruction, .agreed(exception)) { mnemonics.insert(instruction.mnemonic) }
        case .diverged(let finding):
            diverged += 1
            let classes = Set(finding.divergences.map(\.class))
            for divergenceClass in classes { divergencesByClass[divergenceClass.rawValue, default: 0] += 1 }
            for party in Set(finding.divergences.map(Blame.party)) {
                divergencesByParty[party, default: 0] += 1
            }
            let hash = finding.signature.hash
            signatures.insert(hash)
            if coverage.record(finding.instruction, .diverged(finding.hardware.exception?.vector, harnessOnly: classes == [.harness])) {
                mnemonics.insert(finding.instruction.mnemonic)
            }
            clusters.record(finding, hash: hash, corpus: corpus)
        case .harnessError: harnessErrors += 1
        }
    }

    mutating func merge(_ other: CampaignStatistics) {
        cases += other.cases
        filtered.merge(other.filtered, uniquingKeysWith: +)
        outOfFocus += other.outOfFocus
        agreed += other.agreed
        diverged += other.diverged
        divergencesByClass.merge(other.divergencesByClass, uniquingKeysWith: +)
        divergencesByParty.merge(other.divergencesByParty, uniquingKeysWith: +)
        harnessErrors += other.harnessErrors
        signatures.formUnion(other.signatures)
        newSignatures.formUnion(other.newSignatures)
        mnemonics.formUnion(other.mnemonics)
        stageTimes.merge(other.stageTimes)
        executorCounters.merge(other.executorCounters)
        coverage.merge(other.coverage)
        clusters.merge(other.clusters)
    }
}
