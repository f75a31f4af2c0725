/// The Markdown summary of a nightly run: the campaign's counts by class, its new signatures with
/// their instructions, speed and filter reasons, and what the corpus replay found. For a fleet run,
/// `summary` is the shards' sum (`CampaignSummary.combining`) and `shards` lists each shard.
public enum NightlyReport {
    public static func markdown(title: String, summary: CampaignSummary, replay: [ReplayResult]?,
                                shards: [CampaignSummary] = []) -> String {
        var lines = ["# \(title)", ""]
        let machine = shards.count > 1 ? "\(shards.count) shards (below)"
            : "\(summary.environment.modelName) (family \(summary.environment.family), model \(summary.environment.model), "
                + "stepping \(summary.environment.stepping); \(summary.environment.hypervisor), kernel \(summary.environment.kernel))"
        lines.append("Seed \(summary.seed), shard \(summary.shard), \(summary.jobs) jobs, "
            + "\(String(format: "%.0f", summary.seconds)) s on \(machine); profile \(summary.profile).")
        if shards.count > 1 { lines += shardTable(shards) }
        if let clusters = summary.clusters { lines += clusterSection(clusters) }
        lines.append("")
        lines.append("## Campaign")
        lines.append("")
        lines.append("| | |")
        lines.append("| --- | --- |")
        lines.append("| cases | \(summary.cases) |")
        lines.append("| cases/s | \(String(format: "%.0f", summary.casesPerSecond)) |")
        lines.append("| compared | \(summary.compared) |")
        lines.append("| agree | \(summary.agreed) |")
        lines.append("| diverge | \(summary.diverged) |")
        for (divergenceClass, count) in summary.divergencesByClass.sorted(by: { $0.key < $1.key }) {
            lines.append("| diverge, class `\(divergenceClass)` | \(count) |")
        }
        for (party, count) in (summary.divergencesByParty ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("| diverge, differing from the CPU: `\(party)` | \(count) |")
        }
        lines.append("| harness errors | \(summary.harnessErrors) |")
        lines.append("| distinct signatures | \(summary.distinctSignatures) (\(summary.newSignatures) new) |")
        lines.append("| mnemonics exercised | \(summary.mnemonicsExercised) |")
        lines.append("")
        lines.append("### Filtered")
        lines.append("")
        lines.append("| reason | cases | share |")
        lines.append("| --- | --- | --- |")
        for (reason, count) in summary.filtered.sorted(by: { $0.value > $1.value }) {
            lines.append("| \(reason) | \(count) | \(String(format: "%.1f%%", 100 * Double(count) / Double(max(summary.cases, 1)))) |")
        }
        lines.append("")
        if let coverage = summary.coverage { lines += coverageSection(coverage) }
        lines.append("### New signatures")
        lines.append("")
        let new = summary.signatures.filter(\.new)
        if new.isEmpty { lines.append("None.") }
        for signature in new {
            lines.append("- `\(signature.hash)` `\(signature.decoded)` (`\(signature.bytes)`, \(signature.classes.joined(separator: ", "))): \(signature.signature)")
        }
        if let replay {
            lines.append("")
            lines.append("## Corpus replay")
            lines.append("")
            lines.append(replayCounts(replay))
            for result in replay where !result.status.isAsRecorded {
                lines.append("- **\(result.status.rawValue)** `\(result.file)` `\(result.decoded)`: \(result.detail)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The replay's entries counted by status (`still-diverging: 127, still-fixed: 14`).
    static func replayCounts(_ replay: [ReplayResult]) -> String {
        if replay.isEmpty { return "no entries" }
        let counts = Dictionary(grouping: replay, by: \.status).mapValues(\.count)
        return ReplayStatus.allCases.compactMap { status in counts[status].map { "\(status.rawValue): \($0)" } }.joined(separator: ", ")
    }

    /// The clusters, largest first: what went wrong, on how many forms, with a command to see it.
    private static func clusterSection(_ clusters: [DivergenceCluster]) -> [String] {
        var lines = ["", "## Clusters", ""]
        if clusters.isEmpty { return lines + ["No divergences."] }
        lines.append("| cases | forms | signatures | fields | cpu | model | example |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- |")
        for cluster in clusters.prefix(30) {
            let example = cluster.examples.first.map { "`\($0.decoded)`: `\($0.check)`" } ?? ""
            lines.append("| \(cluster.cases) | \(cluster.forms.count) | \(cluster.signatureHashes.count) | "
                + "`\(cluster.fields.joined(separator: ", "))` | \(cluster.hardwareOutcome) | \(cluster.modelOutcome) | \(example) |")
        }
        if clusters.count > 30 { lines += ["", "... and \(clusters.count - 30) more in the stats."] }
        return lines
    }

    /// What was tested: the CPU's outcome mix, the maps, and the forms that never completed or
    /// were never generated.
    private static func coverageSection(_ coverage: Coverage) -> [String] {
        var lines = ["### Coverage", "", coverage.summaryLine, ""]
        lines.append("| map | cases | compared | agree | diverge | completed |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for (map, counts) in coverage.maps.sorted(by: { $0.key < $1.key }) {
            lines.append("| \(map) | \(counts.cases) | \(counts.compared) | \(counts.agreed) | \(counts.diverged) | \(counts.completed) |")
        }
        lines.append("")
        lines.append("Forms run but never completed (\(coverage.neverCompleted.count)): "
            + (coverage.neverCompleted.isEmpty ? "none." : coverage.neverCompleted.map { "`\($0)`" }.joined(separator: ", ")))
        lines.append("")
        lines.append("Forms never generated (\(coverage.neverGenerated.count)): "
            + (coverage.neverGenerated.isEmpty ? "none." : coverage.neverGenerated.map { "`\($0)`" }.joined(separator: ", ")))
        lines.append("")
        return lines
    }

    /// One row per shard: where it ran and what it counted.
    private static func shardTable(_ shards: [CampaignSummary]) -> [String] {
        var lines = ["", "## Shards", "", "| shard | machine | s | cases | cases/s | diverge | signatures (new) |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for shard in shards {
            lines.append("| \(shard.shard) | \(shard.environment.modelName) (\(shard.environment.hypervisor)) | "
                + "\(String(format: "%.0f", shard.seconds)) | \(shard.cases) | \(String(format: "%.0f", shard.casesPerSecond)) | "
                + "\(shard.diverged) | \(shard.distinctSignatures) (\(shard.newSignatures)) |")
        }
        return lines
    }
}
