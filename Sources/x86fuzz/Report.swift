import ArgumentParser
import Foundation
import Fuzzing

/// `x86fuzz report`: the nightly summary in Markdown, from a campaign's stats (or its shards')
/// and a replay.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a campaign's --stats JSON (and a replay's --json results) as a Markdown summary.",
        discussion: """
        Used by scripts/nightly.sh to write reports/<date>/summary.md. Given several --stats files, \
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

    func run() throws {
        guard !stats.isEmpty else { throw CommandFailure.usage("give --stats FILE (once per shard of a fleet run)") }
        let shards: [(file: String, summary: CampaignSummary)] = try stats.map { ($0, try load($0)) }
        let summary: CampaignSummary
        do { summary = shards.count == 1 ? shards[0].summary : try CampaignSummary.combining(shards) } catch {
            throw CommandFailure.usage("cannot sum the shards: \(error)")
        }
        let results: [ReplayResult]? = try replay.map { try load($0) }
        Console.line(NightlyReport.markdown(title: title, summary: summary, replay: results,
                                              shards: shards.count > 1 ? shards.map(\.summary) : []))
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
