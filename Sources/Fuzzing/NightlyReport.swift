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
            let counts = Dictionary(grouping: replay, by: \.status).mapValues(\.count)
            lines.append(ReplayStatus.allCases.compactMap { status in counts[status].map { "\(status.rawValue): \($0)" } }
                .joined(separator: ", ") + (replay.isEmpty ? "no entries" : ""))
            for result in replay where !result.status.isAsRecorded {
                lines.append("- **\(result.status.rawValue)** `\(result.file)` `\(result.decoded)`: \(result.detail)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
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
