import Fuzzing
import Testing
import X86

/// The HTML report: one page that refers to nothing outside itself, with its plots, small even
/// when every cell of the opcode space is filled.
struct HTMLReportTests {
    private let insight = CampaignInsightTests()

    @Test func theHTMLReportIsSelfContainedAndHasItsPlots() throws {
        let tonight = try insight.summary(insight.statistics())
        let page = HTMLReport.page(title: "night <3>", summary: tonight, history: [.init(name: "2026-12-05", summary: tonight),
                                                                                  .init(name: "2026-12-06", summary: tonight)])
        for external in ["http:", "https:", "<script", "<link", "<img", "src=", "@import", "url(", "<iframe", "<object"] {
            #expect(!page.contains(external), "the page refers outside itself: \(external)")
        }
        #expect(page.contains("<h1>night &lt;3&gt;</h1>"), "the title is escaped")
        #expect(page.contains("aria-label=\"legacy 1byte none\""), "the heat map's panel")
        #expect(page.contains("class=\"diverged\"><title>01: 5 cases, 5 compared, 2 diverged"), "add's cell shows its divergence")
        #expect(page.contains(".heat .diverged{fill:#d62728"))
        for plot in ["cases per cluster", "share of cases the CPU ran, per cent", "cases per second over the campaign",
                     "divergences per night", "signatures per night", "coverage per night"] {
            #expect(page.contains("aria-label=\"\(plot)\""), "missing plot: \(plot)")
        }
        #expect(page.contains("x86fuzz check --entry c/"))
        #expect(page.range(of: "Clusters")!.lowerBound < page.range(of: "Opcode space")!.lowerBound, "clusters come first")
    }

    @Test func theHTMLReportStaysSmallWhenEveryCellIsFilled() throws {
        var summary = try insight.summary(insight.statistics())
        var counts = Coverage.Counts()
        counts.cases = 123_456
        counts.compared = 123_000
        counts.outcomes = ["completed": 100_000, "#PF": 23_000, "#GP": 456]
        let panels = ["legacy", "vex", "evex"].flatMap { encoding in
            ["1byte", "0f", "0f38", "0f3a"].flatMap { map in ["none", "66", "f3", "f2"].map { "\(encoding) \(map) \($0)" } }
        }
        for panel in panels {
            summary.coverage?.opcodes[panel] = Dictionary(uniqueKeysWithValues: (0...255).map { (Hex.format(bytes: [UInt8($0)]), counts) })
        }
        let page = HTMLReport.page(title: "full", summary: summary)
        #expect(page.utf8.count < 2_000_000, "\(page.utf8.count) bytes")
    }
}
