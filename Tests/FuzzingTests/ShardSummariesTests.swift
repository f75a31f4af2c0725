import Foundation
import Fuzzing
import Testing

/// The stats of a fleet's shards summed into one report, and the files that are not shards of
/// one campaign refused.
struct ShardSummariesTests {
    /// The stats of shard `shard` of a campaign with `seed`, built as a campaign builds them.
    static func summary(seed: UInt64 = 7, shard: Int, of count: Int = 4, cases: Int, diverged: Int,
                        signatures: Set<String>, new: Set<String> = [], mnemonics: Set<String>) throws -> (file: String, summary: CampaignSummary) {
        var statistics = CampaignStatistics()
        statistics.cases = cases
        statistics.agreed = cases - diverged - 10
        statistics.diverged = diverged
        statistics.divergencesByClass = ["model": diverged]
        statistics.filtered = ["undecodable": 10]
        statistics.signatures = signatures
        statistics.newSignatures = new
        statistics.mnemonics = mnemonics
        let options = Campaign.Options(seed: seed, shardIndex: shard, shardCount: count, budget: .cases(cases), jobs: 2)
        let summary = CampaignSummary(options: options, environment: .current, statistics: statistics, seconds: Double(shard + 1),
                                      findings: [], corpus: "shard\(shard)")
        // As the stats file holds it: what a report reads back.
        return ("shard\(shard).json", try JSONDecoder().decode(CampaignSummary.self, from: try summary.json()))
    }

    @Test func countsAreSummedAndSetsUnited() throws {
        let shards = [
            try Self.summary(shard: 0, cases: 100, diverged: 5, signatures: ["a", "b"], new: ["b"], mnemonics: ["add", "mov"]),
            try Self.summary(shard: 2, cases: 120, diverged: 7, signatures: ["b", "c"], new: ["b", "c"], mnemonics: ["mov", "sub"]),
        ]
        let total = try CampaignSummary.combining(shards)
        #expect(total.shard == "0,2/4")
        #expect(total.cases == 220 && total.compared == 200 && total.agreed == 188 && total.diverged == 12)
        #expect(total.divergencesByClass == ["model": 12])
        #expect(total.filtered == ["undecodable": 20])
        #expect(total.jobs == 4)
        #expect(total.seconds == 3)
        #expect(total.distinctSignatures == 3 && total.signatureHashes == ["a", "b", "c"])
        #expect(total.newSignatures == 2 && total.newSignatureHashes == ["b", "c"])
        #expect(total.mnemonicsExercised == 3)
        #expect(total.corpus == "shard0, shard2")
        let markdown = NightlyReport.markdown(title: "fleet", summary: total, replay: nil, shards: shards.map(\.summary))
        #expect(markdown.contains("## Shards"))
        #expect(markdown.contains("| 2/4 |"))
        #expect(markdown.contains("| cases | 220 |"))
    }

    @Test(arguments: [
        ("seed", "has seed 0x7 and shard1.json seed 0x8: the shards of one campaign share a seed"),
        ("index", "shard1.json and shard1.json are both shard 1/4: their cases overlap"),
        ("count", "is shard 0/4 and shard1.json shard 1/8: the shards of one campaign have one count"),
        ("older", "shard1.json has no signatureHashes"),
    ])
    func filesOfAnotherCampaignAreRefused(_ kind: String, message: String) throws {
        let first = try Self.summary(shard: 0, cases: 10, diverged: 0, signatures: [], mnemonics: [])
        var second = try Self.summary(seed: kind == "seed" ? 8 : 7, shard: 1, of: kind == "count" ? 8 : 4, cases: 10,
                                      diverged: 0, signatures: [], mnemonics: [])
        if kind == "older" { second.summary.signatureHashes = nil }
        let shards = kind == "index" ? [first, second, second] : [first, second]
        #expect {
            _ = try CampaignSummary.combining(shards)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    /// Counts from outside files cannot overflow the sum into a trap.
    @Test func hugeCountsHoldAtIntMax() throws {
        var first = try Self.summary(shard: 0, cases: 10, diverged: 0, signatures: [], mnemonics: [])
        first.summary.cases = .max
        first.summary.filtered = ["undecodable": .max]
        let total = try CampaignSummary.combining([first, try Self.summary(shard: 1, cases: 10, diverged: 0, signatures: [], mnemonics: [])])
        #expect(total.cases == .max && total.filtered["undecodable"] == .max)
    }
}
