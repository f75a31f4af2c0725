import Decoding
import Foundation
@testable import Fuzzing
import Semantics
import Testing
import X86

/// Coverage and clusters as a campaign counts them, the `--stats` schema they appear in, and their
/// sum over a fleet's shards.
struct CampaignInsightTests {
    private let decoder = try! InstructionDecoder()
    private let judge = CaseJudge(model: ReferenceModel(profile: .generic), comparator: Comparator(platform: .kvmPVM))

    private func instruction(_ hex: String) throws -> Instruction {
        try #require(decoder.decode(try Hex.parseBytes(hex)))
    }

    /// A finding: the model's outcome for `hex` with `alter` applied as the CPU's.
    private func finding(_ hex: String, alter: (inout Outcome) -> Void) throws -> Finding {
        let instruction = try instruction(hex)
        let state = MachineState.defaults
        var outcome = try #require(judge.model.predict(instruction, from: state)).outcome
        outcome.vector = nil
        alter(&outcome)
        guard case .diverged(let finding) = judge.judge(instruction, from: state, on: RecordedExecutor(outcome: outcome)) else {
            Issue.record("\(hex) altered should diverge")
            throw CancellationError()
        }
        return finding
    }

    /// Statistics of a few cases: `add rax, rbx` completing twice and faulting once, `sub` only
    /// faulting, an `rdrand` filtered, a divergence on `add` and on `adc` of one kind (a GPR the
    /// model got wrong) and one of another (CF).
    func statistics() throws -> CampaignStatistics {
        var statistics = CampaignStatistics()
        let add = try instruction("4801d8"), sub = try instruction("4829d8")
        statistics.record(.agreed(add, exception: nil), corpus: "c")
        statistics.record(.agreed(add, exception: nil), corpus: "c")
        statistics.record(.agreed(add, exception: .pf), corpus: "c")
        statistics.record(.agreed(sub, exception: .gp), corpus: "c")
        statistics.record(.filtered(.nondeterministic, try instruction("480fc7f0")), corpus: "c")
        statistics.record(.diverged(try finding("4801d8") { $0.gpr[.rax] ^= 1 }), corpus: "c")
        statistics.record(.diverged(try finding("4811d1") { $0.gpr[.rcx] ^= 1 }), corpus: "c")
        statistics.record(.diverged(try finding("4811d1") { $0.gpr[.rcx] ^= 2 }), corpus: "c")
        statistics.record(.diverged(try finding("4801d8") { $0.rflags ^= 1 }), corpus: "c")
        return statistics
    }

    @Test func coverageCountsByMnemonicFormCellMapAndPrefix() throws {
        let coverage = try statistics().coverage.coverage
        let add = try #require(coverage.mnemonics["add"])
        #expect(add.cases == 5 && add.compared == 5 && add.agreed == 3 && add.diverged == 2 && add.harness == 0)
        #expect(add.outcomes == ["completed": 4, "#PF": 1])
        #expect(coverage.forms["add 01 /r"]?.cases == 5)
        #expect(coverage.forms["sub 29 /r"]?.outcomes == ["#GP": 1])
        #expect(coverage.mnemonics["rdrand"]?.filtered == 1 && coverage.mnemonics["rdrand"]?.outcomes == [:])
        #expect(coverage.opcodes["legacy 1byte none"]?["01"]?.cases == 5)
        #expect(coverage.opcodes["legacy 0f none"]?["c7"]?.filtered == 1)
        #expect(coverage.maps["legacy 1byte"]?.cases == 8 && coverage.maps["legacy 0f"]?.cases == 1)
        #expect(coverage.prefixes["none"]?.cases == 9)
        #expect(coverage.outcomes == ["completed": 6, "#PF": 1, "#GP": 1], "the filtered case did not run")
        #expect(coverage.neverCompleted == ["sub 29 /r"], "ran, but only with #GP")
        #expect(!coverage.neverGenerated.contains("add 01 /r") && coverage.neverGenerated.contains("xor 31 /r"))
    }

    @Test func clustersGroupAcrossFormsByWhatWentWrong() throws {
        let clusters = try statistics().clusters.ranked
        #expect(clusters.map(\.key) == ["gpr:model | cpu completed | model completed", "rflags.cf:model | cpu completed | model completed"])
        let registers = clusters[0]
        #expect(registers.cases == 3, "rax on add and rcx twice on adc")
        #expect(registers.forms == ["adc r64, r64", "add r64, r64"])
        #expect(registers.signatureHashes.count == 2 && registers.examples.count == 2)
        #expect(registers.examples.allSatisfy { $0.check == "x86fuzz check --entry c/\($0.signature).json" })
        #expect(DivergenceCluster.fieldKind("ymm12") == "vector" && DivergenceCluster.fieldKind("ymmword") == "ymmword")
        var signature = try finding("4801d8") { $0.gpr[.rax] ^= 1 }.signature
        signature.fields = ["unicorn:rcx:target", "exec:./t.py:ymm3:target", "rflags.cf:model"]
        #expect(DivergenceCluster.key(signature).fields == ["exec:./t.py:vector:target", "rflags.cf:model", "unicorn:gpr:target"],
                "a target's fields keep its name, registers by kind")
        #expect(DivergenceCluster.shellWord("exec:./t.py") == "exec:./t.py")
        #expect(DivergenceCluster.shellWord("exec:my target's.py") == "'exec:my target'\\''s.py'")
    }

    @Test func workersMergeToWhatOneWorkerCounts() throws {
        let whole = try statistics()
        var first = CampaignStatistics(), second = CampaignStatistics()
        first.record(.diverged(try finding("4801d8") { $0.gpr[.rax] ^= 1 }), corpus: "c")
        second.record(.diverged(try finding("4811d1") { $0.gpr[.rcx] ^= 1 }), corpus: "c")
        second.record(.diverged(try finding("4811d1") { $0.gpr[.rcx] ^= 2 }), corpus: "c")
        first.merge(second)
        let merged = first.clusters.ranked[0], expected = whole.clusters.ranked[0]
        #expect(merged.cases == expected.cases && merged.forms == expected.forms && merged.signatureHashes == expected.signatureHashes)
    }

    func summary(_ statistics: CampaignStatistics, shard: Int = 0, of count: Int = 1) throws -> CampaignSummary {
        var timeline = CampaignTimeline()
        timeline.sample(at: 1, statistics)
        timeline.sample(at: 2, statistics, last: true)
        let options = Campaign.Options(seed: 7, shardIndex: shard, shardCount: count, budget: .cases(9), jobs: 1)
        let summary = CampaignSummary(options: options, environment: .current, statistics: statistics, seconds: 2, findings: [],
                                      corpus: "c", timeline: timeline)
        return try JSONDecoder().decode(CampaignSummary.self, from: try summary.json())
    }

    /// The schema README documents: a change here is a change for every script that reads stats.
    @Test func statsSchemaIsPinned() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: try summary(statistics()).json()) as? [String: Any])
        let coverage = try #require(json["coverage"] as? [String: Any])
        #expect(Set(coverage.keys) == ["outcomes", "mnemonics", "forms", "maps", "prefixes", "opcodes", "neverCompleted", "neverGenerated"])
        let add = try #require((coverage["mnemonics"] as? [String: Any])?["add"] as? [String: Any])
        #expect(Set(add.keys) == ["cases", "compared", "agreed", "diverged", "outcomes"], "zero counts are left out")
        let clusters = try #require(json["clusters"] as? [[String: Any]])
        #expect(Set(clusters[0].keys) == ["key", "fields", "hardwareOutcome", "modelOutcome", "cases", "forms", "signatureHashes", "examples"])
        let example = try #require((clusters[0]["examples"] as? [[String: Any]])?.first)
        #expect(Set(example.keys) == ["signature", "decoded", "bytes", "check"])
        let timeline = try #require(json["timeline"] as? [String: Any])
        #expect(Set(timeline.keys) == ["samples", "interval"])
        #expect(Set(try #require((timeline["samples"] as? [[String: Any]])?.first).keys) == ["seconds", "cases", "compared", "diverged"])
    }

    @Test func shardsSumTheirCoverageAndUniteTheirClusters() throws {
        let one = try statistics()
        let total = try CampaignSummary.combining([("a", try summary(one, shard: 0, of: 2)), ("b", try summary(one, shard: 1, of: 2))])
        let coverage = try #require(total.coverage)
        #expect(coverage.mnemonics["add"]?.cases == 10 && coverage.outcomes["completed"] == 12)
        #expect(coverage.neverCompleted == ["sub 29 /r"])
        #expect(total.clusters?.map(\.cases) == [6, 2])
        #expect(total.clusters?[0].signatureHashes.count == 2, "the same signatures in both shards are counted once")
        #expect(total.timeline == nil)
    }

    @Test func theTimelineHalvesItselfPastItsCapacity() {
        var timeline = CampaignTimeline()
        for second in 1...(CampaignTimeline.capacity + 1) { timeline.sample(at: Double(second), CampaignStatistics()) }
        #expect(timeline.samples.count <= CampaignTimeline.capacity / 2 + 1 && timeline.interval == 2)
        #expect(timeline.samples.last?.seconds == Double(CampaignTimeline.capacity + 1), "the latest sample is kept")
    }
}
