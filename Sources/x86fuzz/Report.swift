import ArgumentParser
import Foundation
import Fuzzing

/// `x86fuzz report`: the nightly summary in Markdown, from a campaign's stats and a replay.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a campaign's --stats JSON (and a replay's --json results) as a Markdown summary.",
        discussion: "Used by scripts/nightly.sh to write reports/<date>/summary.md."
    )

    @Option(help: "The campaign summary written by fuzz --stats.")
    var stats: String

    @Option(help: "The results written by replay --json.")
    var replay: String?

    @Option(help: "A title for the report.")
    var title = "x86fuzz nightly"

    @Flag(help: "Exit 1 when the campaign found new signatures or the replay saw a regression or change.")
    var failOnNews = false

    func run() throws {
        let summary: CampaignSummary = try load(stats)
        let results: [ReplayResult]? = try replay.map { try load($0) }
        Console.line(NightlyReport.markdown(title: title, summary: summary, replay: results))
        let changed = results?.contains(where: \.status.isFailure) ?? false
        if failOnNews, summary.newSignatures > 0 || changed { throw ExitCode(1) }
    }

    private func load<T: Decodable>(_ path: String) throws -> T {
        let data: Data
        do { data = try FileAccess.readRegularFile(path) } catch { throw CommandFailure.usage("cannot read \(error)") }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw CommandFailure.usage("cannot read \(path): not a valid file of its kind: \(Corpus.describe(error))")
        }
    }
}
