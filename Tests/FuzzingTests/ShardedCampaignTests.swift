import Foundation
import Fuzzing
import Testing
import TestSupport

/// A fleet run is the campaign it shards: the merge of four shards' corpora, and the sum of
/// their stats, equal those of the same seed and cases run unsharded.
struct ShardedCampaignTests {
    static let seed: UInt64 = 15
    static let casesPerShard = 3_000
    /// Every compared case of these diverges, one signature per operand form: many signatures
    /// with many hits each, from a known cause.
    static let injected: Set<String> = ["add", "sub", "xor", "cmp", "push"]

    /// Runs shard `index` of `count` for `cases` of its cases into a new corpus directory.
    static func run(shard index: Int, of count: Int, cases: Int) throws -> (corpus: String, summary: CampaignSummary) {
        let options = Campaign.Options(seed: seed, shardIndex: index, shardCount: count, budget: .cases(cases), jobs: 1,
                                       injectedDivergences: injected)
        let corpus = try Corpus(directory: try CorpusFixtures.directory("shard-\(index)-of-\(count)"))
        let campaign = Campaign(options: options, corpus: corpus)
        let statistics = try campaign.run { _, _ in }
        #expect(campaign.corpusWriteFailure == nil)
        let summary = CampaignSummary(options: options, environment: campaign.environment, statistics: statistics, seconds: 1,
                                      findings: campaign.findings, corpus: corpus.directory.path)
        return (corpus.directory.path, summary)
    }

    /// What a corpus says, without what depends on when and in which order cases ran: each
    /// signature with its hits and status.
    static func contents(_ directory: String) -> [String: String] {
        let (entries, errors) = Corpus.entries(in: directory)
        #expect(errors.isEmpty, "\(errors)")
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.file, "\($0.entry.signature.text) hits \($0.entry.hits) \($0.entry.status)") })
    }

    @Test(.needsKVM)
    func theMergeOfFourShardsEqualsTheUnshardedCampaign() throws {
        let whole = try Self.run(shard: 0, of: 1, cases: 4 * Self.casesPerShard)
        let shards = try (0..<4).map { try Self.run(shard: $0, of: 4, cases: Self.casesPerShard) }
        let merged = try CorpusFixtures.directory("merged").path + "/corpus"
        let result = try CorpusMerge.merge(shards.map(\.corpus), into: merged)

        let expected = Self.contents(whole.corpus)
        #expect(expected.count > 100, "the injected mnemonics give many signatures (\(expected.count))")
        #expect(expected.values.contains { !$0.hasSuffix("hits 1 open") }, "some signatures are hit more than once")
        #expect(result.total == expected.count)
        #expect(result.read > expected.count, "some signatures were found by several shards")
        #expect(Self.contents(merged) == expected)

        let total = try CampaignSummary.combining(shards.enumerated().map { ("shard\($0.offset)", $0.element.summary) })
        let reference = whole.summary
        #expect(total.shard == "0,1,2,3/4")
        #expect(total.cases == reference.cases)
        #expect(total.compared == reference.compared)
        #expect(total.agreed == reference.agreed)
        #expect(total.diverged == reference.diverged)
        #expect(total.divergencesByClass == reference.divergencesByClass)
        #expect(total.filtered == reference.filtered)
        #expect(total.harnessErrors == reference.harnessErrors)
        #expect(total.signatureHashes == reference.signatureHashes)
        #expect(total.newSignatureHashes == reference.newSignatureHashes)
        #expect(total.mnemonics == reference.mnemonics)
    }
}
