import Decoding

/// Counters of a campaign, merged from every worker.
public struct CampaignStatistics: Sendable, Codable {
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

    public init() {}

    /// Cases compared on the CPU and the model (agreed or diverged).
    public var compared: Int { agreed + diverged }

    public var filteredTotal: Int { filtered.values.reduce(0, +) }

    mutating func record(_ result: CaseResult) {
        cases += 1
        switch result {
        case .filtered(let reason): filtered[reason.rawValue, default: 0] += 1
        case .outOfFocus: outOfFocus += 1
        case .agreed(let mnemonic):
            agreed += 1
            mnemonics.insert(mnemonic)
        case .diverged(let finding):
            diverged += 1
            mnemonics.insert(finding.instruction.mnemonic)
            for divergenceClass in Set(finding.divergences.map(\.class)) {
                divergencesByClass[divergenceClass.rawValue, default: 0] += 1
            }
            for party in Set(finding.divergences.map(Blame.party)) {
                divergencesByParty[party, default: 0] += 1
            }
            signatures.insert(finding.signature.hash)
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
    }
}
