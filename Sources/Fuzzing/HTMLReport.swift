import Foundation

/// The nightly report as one self-contained HTML page (`report --html`): no scripts, fonts or
/// other files, every plot inline SVG. Clusters come first, then the opcode space's heat map, the
/// CPU's outcome mix, cases/s over the campaign, coverage, the trend over earlier nights and the
/// corpus replay.
public enum HTMLReport {
    /// An earlier night's stats, for the trend.
    public struct Night: Sendable {
        public var name: String
        public var summary: CampaignSummary

        public init(name: String, summary: CampaignSummary) {
            self.name = name
            self.summary = summary
        }
    }

    /// Clusters listed in the table (the stats keep them all).
    static let clusterRows = 50

    public static func page(title: String, summary: CampaignSummary, replay: [ReplayResult]? = nil,
                            shards: [CampaignSummary] = [], history: [Night] = []) -> String {
        var body = "<h1>\(Markup.escape(title))</h1>" + overview(summary, shards: shards)
        body += section("Clusters", clusters(summary.clusters))
        body += section("Opcode space", summary.coverage.map(OpcodeHeatMap.svg)
            ?? "<p>These stats carry no coverage (written by an older x86fuzz).</p>")
        body += section("CPU outcomes", outcomeMix(summary.coverage))
        body += section("Cases per second", speed(summary.timeline))
        body += section("Coverage", coverage(summary))
        body += section("Trend over nights", trend(history))
        if let replay { body += section("Corpus replay", replayTable(replay)) }
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(Markup.escape(title))</title>"
            + "<style>\(style)\(OpcodeHeatMap.style)</style></head><body>\(body)</body></html>\n"
    }

    private static let style = """
        body{font:14px/1.4 sans-serif;margin:24px;color:#222;max-width:1500px}h1{font-size:22px}h2{font-size:18px;margin-top:28px;\
        border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;\
        text-align:left;vertical-align:top}th{background:#f4f4f4}td.n{text-align:right}code{font:12px monospace;background:#f6f6f6;\
        padding:1px 3px;word-break:break-all}.plot text,.heat text{font:11px sans-serif;fill:#333}.axis{stroke:#888}.heatmap{display:flex;\
        flex-wrap:wrap;gap:10px}figure{margin:0}figcaption{font:11px monospace;text-align:center}.legend-row span{margin-right:14px}\
        .legend-row i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:middle}.nib{font-size:8px!important}\
        .list{columns:3;font:12px monospace}
        """

    private static func section(_ title: String, _ content: String) -> String {
        "<section><h2>\(Markup.escape(title))</h2>\(content)</section>"
    }

    private static func overview(_ summary: CampaignSummary, shards: [CampaignSummary]) -> String {
        let environment = summary.environment
        let machine = shards.count > 1 ? "\(shards.count) shards"
            : "\(environment.modelName) (family \(environment.family), model \(environment.model); \(environment.hypervisor))"
        let classes = summary.divergencesByClass.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let rows: [(String, String)] = [
            ("seed, shard", "\(summary.seed), \(summary.shard)"), ("machine", machine), ("profile", summary.profile),
            ("seconds", String(format: "%.0f", summary.seconds)),
            ("cases", "\(summary.cases) (\(String(format: "%.0f", summary.casesPerSecond))/s)"),
            ("compared", "\(summary.compared): \(summary.agreed) agree, \(summary.diverged) diverge" + (classes.isEmpty ? "" : " (\(classes))")),
            ("filtered", summary.filtered.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ("signatures", "\(summary.distinctSignatures) distinct, \(summary.newSignatures) new"),
        ]
        return table([], rows.map { [Markup.escape($0.0), Markup.escape($0.1)] })
    }

    private static func clusters(_ clusters: [DivergenceCluster]?) -> String {
        guard let clusters else { return "<p>These stats carry no clusters (written by an older x86fuzz).</p>" }
        if clusters.isEmpty { return "<p>No divergences.</p>" }
        let bars = clusters.prefix(15).map { cluster in
            SVGChart.Bar(label: "\(cluster.fields.first ?? "") \(cluster.hardwareOutcome)/\(cluster.modelOutcome)",
                         value: Double(cluster.cases), color: cluster.fields.allSatisfy { $0.hasSuffix(":harness") } ? "#999999" : "#d62728",
                         detail: "\(cluster.key): \(cluster.cases) cases on \(cluster.forms.count) forms")
        }
        var html = SVGChart.bars(Array(bars), title: "cases per cluster")
        let rows = clusters.prefix(clusterRows).map { cluster in
            [String(cluster.cases), String(cluster.forms.count), String(cluster.signatureHashes.count),
             "<code>\(Markup.escape(cluster.fields.joined(separator: ", ")))</code>",
             Markup.escape(cluster.hardwareOutcome), Markup.escape(cluster.modelOutcome),
             cluster.examples.map { "\(Markup.escape($0.decoded)) <code>\(Markup.escape($0.check))</code>" }.joined(separator: "<br>")]
        }
        html += table(["cases", "forms", "signatures", "fields", "cpu", "model", "examples"], rows, numeric: 0..<3)
        if clusters.count > clusterRows { html += "<p>... and \(clusters.count - clusterRows) more in the stats.</p>" }
        return html
    }

    private static func outcomeMix(_ coverage: Coverage?) -> String {
        guard let coverage, !coverage.outcomes.isEmpty else { return "<p>No outcomes recorded.</p>" }
        let total = Double(coverage.outcomes.values.reduce(0, +))
        let bars = coverage.outcomes.sorted { $0.value > $1.value }.map { name, count in
            SVGChart.Bar(label: name, value: 100 * Double(count) / total, color: name == Coverage.completed ? "#2ca02c" : "#f0a830",
                         detail: "\(name): \(count) cases")
        }
        return SVGChart.bars(bars, title: "share of cases the CPU ran, per cent")
    }

    private static func speed(_ timeline: CampaignTimeline?) -> String {
        guard let samples = timeline?.samples, samples.count >= 2 else {
            return "<p>No timeline (a fleet's sum, or stats from an older x86fuzz).</p>"
        }
        var cases: [(x: Double, y: Double)] = [], compared: [(x: Double, y: Double)] = []
        // A span much shorter than the interval (the last, as the workers finish) would draw noise.
        let interval = timeline?.interval ?? 1
        for (previous, sample) in zip(samples, samples.dropFirst()) where sample.seconds - previous.seconds >= interval / 2 {
            let span = sample.seconds - previous.seconds
            cases.append((sample.seconds, Double(sample.cases - previous.cases) / span))
            compared.append((sample.seconds, Double(sample.compared - previous.compared) / span))
        }
        return SVGChart.lines([.init(name: "cases/s", color: "#1f77b4", points: cases),
                               .init(name: "compared/s", color: "#2ca02c", points: compared)],
                              title: "cases per second over the campaign", xAxis: "seconds", yAxis: "per second")
    }

    private static func coverage(_ summary: CampaignSummary) -> String {
        guard let coverage = summary.coverage else { return "<p>No coverage in these stats.</p>" }
        var html = "<p>\(Markup.escape(coverage.summaryLine))</p>"
        let rows = coverage.maps.sorted { $0.key < $1.key }.map { map, counts in
            [Markup.escape(map)] + [counts.cases, counts.filtered, counts.compared, counts.agreed, counts.diverged, counts.completed].map(String.init)
        }
        html += table(["map", "cases", "filtered", "compared", "agree", "diverge", "completed"], rows, numeric: 1..<7)
        html += "<h3>Forms run but never completed (\(coverage.neverCompleted.count))</h3>" + list(coverage.neverCompleted)
        html += "<h3>Forms never generated (\(coverage.neverGenerated.count))</h3>" + list(coverage.neverGenerated)
        return html
    }

    private static func trend(_ history: [Night]) -> String {
        guard !history.isEmpty else { return "<p>No earlier nights given (report --history DIR).</p>" }
        let labels = Dictionary(uniqueKeysWithValues: history.enumerated().map { (Double($0.offset), $0.element.name) })
        func series(_ name: String, _ color: String, _ value: (CampaignSummary) -> Int?) -> SVGChart.Series {
            .init(name: name, color: color, points: history.enumerated().compactMap { index, night in
                value(night.summary).map { (Double(index), Double($0)) }
            })
        }
        // The platform's artefacts outnumber everything else by far; they get their own line.
        func notPlatform(_ summary: CampaignSummary) -> Int? { summary.coverage?.maps.values.reduce(0) { $0 + $1.divergedNotHarness } }
        func platform(_ summary: CampaignSummary) -> Int? { summary.coverage?.maps.values.reduce(0) { $0 + $1.harness } }
        let divergences = SVGChart.lines([
            series("diverged, model or decoder", "#d62728", notPlatform),
            series("diverged, the platform's", "#999999", platform),
        ], title: "divergences per night", xAxis: "night", yAxis: "cases", xLabels: labels, width: 480)
        let signatures = SVGChart.lines([
            series("distinct signatures", "#9467bd", \.distinctSignatures),
            series("new signatures", "#ff7f0e", \.newSignatures),
        ], title: "signatures per night", xAxis: "night", yAxis: "count", xLabels: labels, width: 480)
        let coverage = SVGChart.lines([
            series("forms compared", "#2ca02c") { $0.coverage?.forms.values.count { $0.compared > 0 } },
            series("mnemonics compared", "#1f77b4") { $0.coverage?.mnemonics.values.count { $0.compared > 0 } },
        ], title: "coverage per night", xAxis: "night", yAxis: "count", xLabels: labels, width: 480)
        return divergences + signatures + coverage
    }

    private static func replayTable(_ replay: [ReplayResult]) -> String {
        var html = "<p>\(Markup.escape(NightlyReport.replayCounts(replay)))</p>"
        let changed = replay.filter { !$0.status.isAsRecorded }
        if !changed.isEmpty {
            html += table(["status", "entry", "instruction", "detail"], changed.map { result in
                [result.status.rawValue, result.file, result.decoded, result.detail].map(Markup.escape)
            })
        }
        return html
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "<p>None.</p>" : "<div class=\"list\">" + items.map { Markup.escape($0) }.joined(separator: "<br>") + "</div>"
    }

    /// A table of already escaped cells; the `numeric` columns are right-aligned.
    private static func table(_ headers: [String], _ rows: [[String]], numeric: Range<Int> = 0..<0) -> String {
        var html = "<table>" + (headers.isEmpty ? "" : "<tr>" + headers.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr>")
        for row in rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                numeric.contains(index) ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>"
            }.joined() + "</tr>"
        }
        return html + "</table>"
    }
}
