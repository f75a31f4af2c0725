import ArgumentParser
import Foundation
import Fuzzing

/// `x86fuzz report`: the nightly summary in Markdown, from a campaign's stats (or its shards')
/// and a replay.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a campaign's --stats JSON (and a replay's --json results) as a Markdown summary.",
        discussion: """
        Used by scripts/nightly.sh to write reports/<date>/summary.md and, with --html, report.html: \
        clusters of divergences first, a heat map of the opcode space, the CPU's outcome mix, cases/s over \
        the campaign, coverage, and with --history the trend over earlier nights. Given several --stats files, \
        the shards of one fleet campaign (one seed, one shard count, each index once), it reports their \
        sum: counts added, signatures and mnemonics united, plus a table of the shards. \
        Exit codes: 0 the report was written; 1 with --fail-on-news, something new or changed; \
        2 a file cannot be read, or the stats are not shards of one campaign (one line says which).
        """
    )

    @Option(help: "The campaign summary written by fuzz --stats; repeat it for each shard of a fleet run.")
    var stats: [String] = []

    @Option(help: "The results written by replay --json.")
    var replay: String?

    @Option(help: "A title for the report.")
    var title = "x86fuzz nightly"

    @Flag(help: "Exit 1 when the campaign found new signatures or the replay saw a regression or change.")
    var failOnNews = false

    @Option(help: ArgumentHelp("Also write the report as one self-contained HTML page with plots (no scripts, no network).",
                               valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("With --html: the nightly reports directory (its */stats.json, in name order) for the trend over nights.",
                               valueName: "dir"))
    var history: String?

    func run() throws {
        guard !stats.isEmpty else { throw CommandFailure.usage("give --stats FILE (once per shard of a fleet run)") }
        let shards: [(file: String, summary: CampaignSummary)] = try stats.map { ($0, try load($0)) }
        let summary: CampaignSummary
        do { summary = shards.count == 1 ? shards[0].summary : try CampaignSummary.combining(shards) } catch {
            throw CommandFailure.usage("cannot sum the shards: \(error)")
        }
        let results: [ReplayResult]? = try replay.map { try load($0) }
        if history != nil, html == nil { throw CommandFailure.usage("--history needs --html FILE: the trend is a plot") }
        if let html {
            do { try FileAccess.checkOutput(html) } catch { throw CommandFailure.usage("cannot write --html \(error)") }
        }
        let shardSummaries = shards.count > 1 ? shards.map(\.summary) : []
        let nights = try history.map { try Self.nights(in: $0, current: stats.count == 1 ? stats[0] : nil, summary: summary) } ?? []
        Console.line(NightlyReport.markdown(title: title, summary: summary, replay: results, shards: shardSummaries))
        if let html {
            let page = HTMLReport.page(title: title, summary: summary, replay: results, shards: shardSummaries, history: nights)
            do { try FileAccess.writeOutput(Data(page.utf8), to: html) } catch { throw CommandFailure.usage("cannot write --html \(error)") }
        }
        let changed = results?.contains(where: \.status.isFailure) ?? false
        if failOnNews, summary.newSignatures > 0 || changed { throw ExitCode(1) }
    }

    /// The nights of a reports directory: each subdirectory's stats.json, in name order (a date
    /// sorts as it should). A night that cannot be read is left out with a line on stderr; this
    /// run's stats are added at the end unless they are one of the nights.
    static func nights(in directory: String, current: String?, summary: CampaignSummary) throws -> [HTMLReport.Night] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw CommandFailure.usage("cannot read --history \(directory): \(Corpus.describe(error))")
        }
        let currentPath = current.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
        var nights: [HTMLReport.Night] = []
        var includesCurrent = false
        for name in names {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).appendingPathComponent("stats.json")
            guard FileManager.default.fileExists(atPath: path.path) else { continue }
            if path.standardizedFileURL.resolvingSymlinksInPath().path == currentPath {
                includesCurrent = true
                nights.append(HTMLReport.Night(name: name, summary: summary))
                continue
            }
            do {
                let night = try JSONDecoder().decode(CampaignSummary.self, from: try FileAccess.readRegularFile(path.path))
                nights.append(HTMLReport.Night(name: name, summary: night))
            } catch {
                Console.error("x86fuzz: leaving \(path.path) out of the trend: \(Corpus.describe(error))\n")
            }
        }
        if !includesCurrent { nights.append(HTMLReport.Night(name: "this run", summary: summary)) }
        return nights
    }

    private func load<T: Decodable>(_ path: String) throws -> T {
        let data: Data
        do { data = try FileAccess.readRegularFile(path) } catch { throw CommandFailure.usage("cannot read \(error)") }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw CommandFailure.usage("cannot read \(path): not a valid file of its kind: \(Corpus.describe(error))")
        }
    }
}
