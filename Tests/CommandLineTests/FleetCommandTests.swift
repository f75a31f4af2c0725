import Foundation
import Testing

/// The fleet commands as a user meets them: `corpus merge` and `report` over several shards'
/// stats, their output, and their refusals (one line, exit 2, nothing written).
struct FleetCommandTests {
    static let statsSeed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz/seeds/stats/campaign.json")

    /// A stats file of shard `shard` with `seed`, written into `directory`.
    static func stats(in directory: String, seed: String, shard: String, signatures: [String]) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: statsSeed)) as? [String: Any])
        object["seed"] = seed
        object["shard"] = shard
        object["signatureHashes"] = signatures
        object["newSignatureHashes"] = [String]()
        object["mnemonics"] = ["add"]
        let path = directory + "/" + shard.replacingOccurrences(of: "/", with: "-of-") + "-" + seed + ".json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func mergeSumsHitsAndSaysWhatItDid() throws {
        let (one, two) = (try HardeningTests.scratch("merge-one"), try HardeningTests.scratch("merge-two"))
        try HardeningTests.entry(in: one, name: "008d607cdbff9963.json") { $0["hits"] = 3 }
        try HardeningTests.entry(in: two, name: "008d607cdbff9963.json") { $0["hits"] = 4 }
        let into = try HardeningTests.scratch("merge-into") + "/merged"
        let result = try X86Fuzz.run(["corpus", "merge", one, two, "--into", into])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "merged 2 entries from 2 directories into \(into): 1 new, 0 updated, 1 signatures in all\n")
        let merged = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: into + "/008d607cdbff9963.json"))) as? [String: Any]
        #expect(merged?["hits"] as? Int == 7)
    }

    @Test func mergeRefusesAnotherSchemaVersionByNameAndWritesNothing() throws {
        let (good, bad) = (try HardeningTests.scratch("merge-good"), try HardeningTests.scratch("merge-v2"))
        try HardeningTests.entry(in: good, name: "008d607cdbff9963.json") { _ in }
        try HardeningTests.entry(in: bad, name: "008d607cdbff9963.json") { $0["schemaVersion"] = 2 }
        let into = try HardeningTests.scratch("merge-refused") + "/merged"
        HardeningTests.expectOneLine(try X86Fuzz.run(["corpus", "merge", good, bad, "--into", into]),
                                     containing: "\(bad)/008d607cdbff9963.json: has schema version 2")
        #expect(!FileManager.default.fileExists(atPath: into))
    }

    @Test(arguments: [
        (["corpus", "merge", "/tmp"], "--into"),
        (["corpus", "merge", "--into", "/tmp/x86fuzz-nowhere"], "give at least one corpus directory"),
        (["corpus", "merge", "/nonexistent/corpus", "--into", "/tmp/x86fuzz-nowhere"], "/nonexistent/corpus: does not exist"),
        (["corpus", "merge", "/dev/null", "--into", "/tmp/x86fuzz-nowhere"], "/dev/null is a character device, not a corpus directory"),
        (["report"], "give --stats FILE"),
    ])
    func badArgumentsGiveOneLine(arguments: [String], message: String) throws {
        HardeningTests.expectOneLine(try X86Fuzz.run(arguments), containing: message)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/x86fuzz-nowhere"))
    }

    @Test func reportSumsTheShardsOfOneCampaign() throws {
        let directory = try HardeningTests.scratch("shards")
        let files = try (0..<3).map { try Self.stats(in: directory, seed: "0x5", shard: "\($0)/3", signatures: ["a\($0 % 2)"]) }
        let result = try X86Fuzz.run(["report"] + files.flatMap { ["--stats", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Seed 0x5, shard 0,1,2/3, 6 jobs, 0 s on 3 shards (below); profile"), "\(result.stdout)")
        #expect(result.stdout.contains("| cases | 900 |"))
        #expect(result.stdout.contains("| distinct signatures | 2 (0 new) |"))
        #expect(result.stdout.contains("## Shards"))
    }

    static let insightSeed = statsSeed.deletingLastPathComponent().appendingPathComponent("insight.json")

    @Test func reportWritesTheHTMLPageWithTheTrendOverNights() throws {
        let reports = try HardeningTests.scratch("nights")
        for night in ["2026-12-01", "2026-12-02"] {
            try FileManager.default.createDirectory(atPath: reports + "/" + night, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.insightSeed.path, toPath: reports + "/\(night)/stats.json")
        }
        try FileManager.default.createDirectory(atPath: reports + "/2026-12-03", withIntermediateDirectories: true)
        try Data("{".utf8).write(to: URL(fileURLWithPath: reports + "/2026-12-03/stats.json"))
        let html = reports + "/report.html"
        let result = try X86Fuzz.run(["report", "--stats", reports + "/2026-12-02/stats.json", "--html", html, "--history", reports])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("# x86fuzz nightly") && result.stdout.contains("## Clusters"), "the Markdown still goes to stdout")
        #expect(result.stderr.contains("leaving \(reports)/2026-12-03/stats.json out of the trend"), "\(result.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("aria-label=\"divergences per night\"") && page.contains(">2026-12-01<") && page.contains(">2026-12-02<"))
        #expect(!page.contains(">this run<"), "this run is one of the nights")
    }

    @Test(arguments: [
        (["--history", "/tmp"], "--history needs --html FILE"),
        (["--html", "/nonexistent/dir/report.html"], "cannot write --html"),
        (["--html", "/tmp/x86fuzz-report.html", "--history", "/nonexistent/reports"], "cannot read --history /nonexistent/reports"),
    ])
    func reportRefusesBadHTMLOptionsInOneLine(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(["report", "--stats", Self.insightSeed.path] + arguments)
        HardeningTests.expectOneLine(result, containing: message)
        #expect(result.stdout.isEmpty, "nothing reported before the refusal")
    }

    @Test(arguments: [
        ("0x6", "1/3", "seed 0x6: the shards of one campaign share a seed"),
        ("0x5", "0/3", "are both shard 0/3: their cases overlap"),
        ("0x5", "1/4", "the shards of one campaign have one count"),
    ])
    func reportRefusesStatsOfAnotherCampaign(seed: String, shard: String, message: String) throws {
        let first = try Self.stats(in: try HardeningTests.scratch("first"), seed: "0x5", shard: "0/3", signatures: [])
        let second = try Self.stats(in: try HardeningTests.scratch("second"), seed: seed, shard: shard, signatures: [])
        let result = try X86Fuzz.run(["report", "--stats", first, "--stats", second])
        HardeningTests.expectOneLine(result, containing: message)
        #expect(result.stdout.isEmpty)
    }
}

/// `deploy/merge-shards.sh`, which the Kubernetes and CI examples run after their shards, on
/// shards laid out as `scripts/nightly.sh` leaves them.
struct MergeShardsScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the script with the built binary and `base` as the corpus the shards started from.
    static func run(_ arguments: [String], base: String) throws -> X86Fuzz.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("deploy/merge-shards.sh").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["X86FUZZ": X86Fuzz.binary.path, "X86FUZZ_BASE": base]) { $1 }
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile(), stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return X86Fuzz.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                              stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func hits(_ file: String) throws -> Int? {
        (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])?["hits"] as? Int
    }

    @Test func twoShardsBecomeOneCorpusAndOneReport() throws {
        let base = try HardeningTests.scratch("base")
        try HardeningTests.entry(in: base, name: "008d607cdbff9963.json") { $0["hits"] = 5 }
        let shards = try HardeningTests.scratch("shards")
        for (index, hits) in [(0, 8), (1, 6)] {
            let day = shards + "/shard-\(index)/2026-12-06"
            try FileManager.default.createDirectory(atPath: day + "/corpus", withIntermediateDirectories: true)
            try HardeningTests.entry(in: day + "/corpus", name: "008d607cdbff9963.json") { $0["hits"] = hits }
            try FileManager.default.moveItem(atPath: try FleetCommandTests.stats(in: day, seed: "0x5", shard: "\(index)/2", signatures: []),
                                             toPath: day + "/stats.json")
        }
        let out = shards + "/merged"
        let result = try Self.run([shards, out, "2"], base: base)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.hits(out + "/corpus/008d607cdbff9963.json") == 9, "5 in the base, 3 and 1 gained by the shards")
        #expect(try String(contentsOfFile: out + "/summary.md", encoding: .utf8).contains("Seed 0x5, shard 0,1/2"))

        let again = try Self.run([shards, out, "2"], base: base)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.hits(out + "/corpus/008d607cdbff9963.json") == 9, "a rerun does not count the hits twice")

        let missing = try Self.run([shards, out, "3"], base: base)
        #expect(missing.status == 2)
        #expect(missing.stderr == "merge-shards: found 2 stats.json under \(shards), expected one from each of 3 shards\n")
    }
}
