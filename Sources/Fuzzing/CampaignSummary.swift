import Foundation
import Semantics
import X86

/// The end-of-campaign report, for people (`text`) and as JSON (`--stats FILE`).
public struct CampaignSummary: Codable, Sendable {
    /// A signature seen in this campaign, with an example.
    public struct Signature: Codable, Sendable {
        public var hash: String
        public var signature: String
        public var decoded: String
        public var bytes: String
        public var classes: [String]
        public var new: Bool
    }

    public var seed: String
    public var shard: String
    public var jobs: Int
    public var seconds: Double
    public var cases: Int
    public var casesPerSecond: Double
    public var compared: Int
    public var agreed: Int
    public var diverged: Int
    public var divergencesByClass: [String: Int]
    public var filtered: [String: Int]
    public var outOfFocus: Int
    public var harnessErrors: Int
    public var distinctSignatures: Int
    public var newSignatures: Int
    public var mnemonicsExercised: Int
    public var signatures: [Signature]
    public var corpus: String
    public var environment: HostEnvironment
    public var profile: String
    /// What went wrong with the corpus: entries that could not be read (skipped, left as they
    /// were) and a write that failed and stopped the campaign. Absent in older stats files.
    public var corpusProblems: [String]?
    /// Which path ran the cases on the CPU (absent in older stats files).
    public var executor: ExecutorKind?
    /// Where the batch executor sent the cases (the batch executor only).
    public var batch: BatchExecutor.Counters?
    /// The workers' time per case, in microseconds, by stage of the pipeline (summed over the
    /// workers, so CPU time): front (generate, decode, filter), state, execute (the CPU), judge
    /// (the model, the comparison), record (statistics and corpus).
    public var microsecondsPerCase: [String: Double]?
    /// Every distinct signature's hash, the hashes of the new ones and every mnemonic exercised,
    /// sorted: what the stats of a fleet's shards need to be united exactly (`report --stats` with
    /// several files). Absent in older stats files.
    public var signatureHashes: [String]?
    public var newSignatureHashes: [String]?
    public var mnemonics: [String]?
    /// The targets (`--target`) every case ran on too, and whether the model was compared
    /// (`--no-model` makes it false). Absent without targets.
    public var targets: [String]?
    public var modelCompared: Bool?
    /// Diverged cases by who differs from the CPU (see `Blame.party`). Absent
    /// without targets.
    public var divergencesByParty: [String: Int]?
    /// What was tested: by mnemonic, form, map, prefix class and opcode cell (absent in older stats files).
    public var coverage: Coverage?
    /// The divergences grouped by what went wrong, largest first (absent in older stats files).
    public var clusters: [DivergenceCluster]?
    /// The counts over the run, for a cases/s plot (absent in older stats files and in a fleet's sum).
    public var timeline: CampaignTimeline?

    public init(options: Campaign.Options, environment: HostEnvironment, statistics: CampaignStatistics, seconds: Double,
                findings: [Finding], corpus: String, corpusProblems: [String] = [], timeline: CampaignTimeline? = nil) {
        self.corpusProblems = corpusProblems
        seed = Hex.format(options.seed)
        shard = options.shard
        jobs = options.jobs
        self.seconds = seconds
        cases = statistics.cases
        casesPerSecond = seconds > 0 ? Double(statistics.cases) / seconds : 0
        compared = statistics.compared
        agreed = statistics.agreed
        diverged = statistics.diverged
        divergencesByClass = statistics.divergencesByClass
        filtered = statistics.filtered
        outOfFocus = statistics.outOfFocus
        harnessErrors = statistics.harnessErrors
        distinctSignatures = statistics.signatures.count
        newSignatures = statistics.newSignatures.count
        mnemonicsExercised = statistics.mnemonics.count
        signatureHashes = statistics.signatures.sorted()
        newSignatureHashes = statistics.newSignatures.sorted()
        mnemonics = statistics.mnemonics.sorted()
        if !options.targets.isEmpty {
            targets = options.targets
            modelCompared = options.comparesModel
            divergencesByParty = statistics.divergencesByParty
        }
        coverage = statistics.coverage.coverage
        clusters = statistics.clusters.ranked
        self.timeline = timeline
        signatures = findings.map { finding in
            Signature(hash: finding.signature.hash, signature: finding.signature.text, decoded: finding.instruction.text,
                      bytes: Hex.format(bytes: finding.instruction.bytes),
                      classes: Set(finding.divergences.map(\.class.rawValue)).sorted(),
                      new: statistics.newSignatures.contains(finding.signature.hash))
        }
        self.corpus = corpus
        self.environment = environment
        profile = (options.profile ?? environment.profile).name
        executor = options.executor
        batch = options.executor == .batch ? statistics.executorCounters : nil
        let perCase = Double(max(statistics.cases, 1))
        microsecondsPerCase = Dictionary(uniqueKeysWithValues: statistics.stageTimes.stages.map { stage in
            (stage.name, (stage.time / .microseconds(1)) / perCase)
        })
    }

    /// The summary for people.
    public var text: String {
        func share(_ count: Int) -> String { cases > 0 ? String(format: "%.1f%%", 100 * Double(count) / Double(cases)) : "0%" }
        /// Counts as `name n, name n`, by name or largest first.
        func listed(_ counts: [String: Int], largestFirst: Bool = false) -> String {
            (largestFirst ? counts.sorted { $0.value > $1.value } : counts.sorted { $0.key < $1.key })
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var lines = (clusters ?? []).isEmpty ? [] : clusterLines(limit: 10)
        lines += [
            "campaign: seed \(seed), shard \(shard), \(jobs) jobs, \(String(format: "%.1f", seconds)) s, "
                + "\(cases) cases (\(String(format: "%.0f", casesPerSecond))/s)",
            "compared \(compared): \(agreed) agree, \(diverged) diverge "
                + "(\(listed(divergencesByClass)))",
            "filtered \(filtered.values.reduce(0, +)) (\(share(filtered.values.reduce(0, +)))): "
                + listed(filtered, largestFirst: true),
        ]
        if let targets, let divergencesByParty {
            lines.append("targets \(targets.joined(separator: ", "))\(modelCompared == false ? " (model not compared)" : ""): "
                + "cases diverging from the CPU by who differs: "
                + (divergencesByParty.isEmpty ? "none" : listed(divergencesByParty)))
        }
        if profile == CPUProfile.generic.name {
            lines.append("profile generic: no shipped profile matches this CPU, so every undefined flag is masked and "
                + "cases that depend on a CPU's answer are not predicted; `x86fuzz profile learn --output FILE` measures one for --profile FILE")
        } else {
            lines.append("profile \(profile)")
        }
        if let batch {
            let planned = batch.planned.values.reduce(0, +)
            let exceptions = batch.exceptions.values.reduce(0, +)
            lines.append("executor batch: \(batch.batched) cases in batches (\(exceptions) raised an exception, \(batch.underTrapFlag) ran under TF"
                + (batch.trapFlagSteps.map { ", \($0) of them ending in its #DB" } ?? "") + "), "
                + "\(planned + batch.escaped + batch.abandonedCases) single-step "
                + "(planned \(planned)\(batch.planned.isEmpty ? "" : ": " + listed(batch.planned, largestFirst: true)); "
                + "escaped \(batch.escaped)"
                + (batch.escapedBecause.map { $0.isEmpty ? "" : " (" + listed($0) + ")" } ?? "")
                + "; \(batch.abandonedCases) in \(batch.abandonedBatches) abandoned batches"
                + (batch.abandonedBecause.isEmpty ? "" : ": " + listed(batch.abandonedBecause))
                + "); "
                + "new signatures checked on single-step \(batch.batchChecked), of which the batch's outcome differed \(batch.batchDisagreed)"
                + (batch.batchNondeterministic.map { " (and \($0) where the CPU did not repeat itself)" } ?? ""))
            lines += (batch.disagreements ?? []).map { "  batch and single-step differed: \($0)" }
            lines += (batch.abandonments ?? []).map { "  batch abandoned: \($0)" }
        } else if let executor {
            lines.append("executor \(executor.rawValue)")
        }
        if let microsecondsPerCase {
            let stages = StageTimes().stages.map(\.name).compactMap { name in
                microsecondsPerCase[name].map { String(format: "%@ %.2f", name, $0) }
            }
            lines.append("time per case (us, all workers): " + stages.joined(separator: ", "))
        }
        if outOfFocus > 0 { lines.append("out of focus \(outOfFocus)") }
        if let coverage { lines.append(coverage.summaryLine) }
        if harnessErrors > 0 { lines.append("harness errors \(harnessErrors)") }
        lines.append("\(distinctSignatures) distinct signatures (\(newSignatures) new to \(corpus)), \(mnemonicsExercised) mnemonics exercised")
        for signature in signatures.prefix(20) {
            lines.append("  \(signature.new ? "new " : "    ")\(signature.hash)  \(signature.decoded)  [\(signature.classes.joined(separator: ","))]")
            lines.append("        \(signature.signature)")
        }
        if signatures.count > 20 { lines.append("  ... and \(signatures.count - 20) more in \(corpus)") }
        for problem in corpusProblems ?? [] { lines.append("corpus problem: \(problem)") }
        return lines.joined(separator: "\n")
    }

    /// The largest clusters, one line each with an example to reproduce.
    private func clusterLines(limit: Int) -> [String] {
        let clusters = self.clusters ?? []
        var lines = ["\(clusters.count) clusters of divergences, largest first:"]
        for cluster in clusters.prefix(limit) {
            lines.append("  \(cluster.cases) cases, \(cluster.forms.count) forms, \(cluster.signatureHashes.count) signatures: \(cluster.key)")
            if let example = cluster.examples.first { lines.append("        e.g. \(example.decoded): \(example.check)") }
        }
        if clusters.count > limit { lines.append("  ... and \(clusters.count - limit) more in --stats") }
        return lines
    }

    /// The JSON form, as `--stats` writes it.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
