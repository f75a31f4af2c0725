import Foundation
import Testing
import TestSupport

/// End-to-end tests of `x86fuzz fuzz` and `x86fuzz replay`: options, reproducibility, Ctrl-C,
/// SIGKILL, and the replay's exit codes.
struct CampaignCommandTests {
    static let kvm = TestHost.kvmUsable

    static func temporaryDirectory(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("x86fuzz-\(name)-\(UUID().uuidString)").path
    }

    @Test(arguments: [
        (["--cases", "10", "--duration", "5"], "not both"),
        (["--duration", "soon"], "--duration 'soon'"),
        (["--cases", "0"], "--cases '0'"),
        (["--shard", "3/2"], "--shard '3/2'"),
        (["--shard", "x"], "--shard 'x'"),
        (["--jobs", "0"], "--jobs '0'"),
        (["--focus", "nosuchfamily"], "unknown focus name"),
        (["--seed", "-5"], "--seed '-5'"),
    ])
    func badOptionsExitWith2(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(["fuzz", "--corpus", Self.temporaryDirectory("bad")] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// The same seed and case budget run the same cases, whatever the number of jobs.
    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func campaignsAreReproducible() throws {
        func counts(jobs: Int) throws -> [String: Any] {
            let stats = Self.temporaryDirectory("stats") + ".json"
            let result = try X86Fuzz.run(["fuzz", "--seed", "11", "--cases", "400", "--jobs", String(jobs), "--quiet",
                                          "--corpus", Self.temporaryDirectory("repro"), "--stats", stats])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as? [String: Any]
            return try #require(object)
        }
        let one = try counts(jobs: 1)
        let two = try counts(jobs: 2)
        for key in ["cases", "compared", "agreed", "diverged", "outOfFocus", "mnemonicsExercised"] {
            #expect(one[key] as? Int == two[key] as? Int, "\(key)")
        }
        #expect(one["filtered"] as? [String: Int] == two["filtered"] as? [String: Int])
        #expect(one["cases"] as? Int == 400)
    }

    /// Ctrl-C finishes the cases in flight, writes the summary and exits 0.
    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func interruptWritesTheSummaryAndExitsZero() throws {
        let stats = Self.temporaryDirectory("interrupt") + ".json"
        let (status, output, errors) = try X86Fuzz.runUntilSignal(
            ["fuzz", "--seed", "3", "--duration", "60", "--quiet", "--corpus", Self.temporaryDirectory("interrupt"), "--stats", stats],
            signal: SIGINT, after: 3)
        #expect(status == 0, "\(errors)")
        #expect(output.contains("campaign: seed 0x3"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stats))) as? [String: Any]
        #expect((object?["cases"] as? Int ?? 0) > 0)
        #expect((object?["seconds"] as? Double ?? 99) < 30)
    }

    /// A campaign killed while it writes entries leaves only whole entries behind.
    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func sigkillLeavesACorpusThatReplaysCleanly() throws {
        let corpus = Self.temporaryDirectory("killed")
        let (status, _, errors) = try X86Fuzz.runUntilSignal(
            ["fuzz", "--seed", "5", "--duration", "60", "--quiet", "--corpus", corpus,
             "--inject-divergence", "add,sub,cmp,adc,sbb,inc,dec,neg,mul,imul,div,idiv"],
            signal: SIGKILL, after: 3)
        #expect(status == SIGKILL, "\(errors)")
        let visible = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { !$0.hasPrefix(".") }
        #expect(visible.count > 5, "the campaign wrote \(visible.count) entries before the kill")
        for name in visible {
            let data = try Data(contentsOf: URL(fileURLWithPath: corpus).appendingPathComponent(name))
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is not whole")
        }
        let replay = try X86Fuzz.run(["replay", corpus, "--model-only"])
        #expect(replay.status != 2, "no entry is unreadable: \(replay.stderr)")
        #expect(replay.stderr.isEmpty)
    }

    @Test func replayNamesUnreadableEntriesAndExits2() throws {
        let corpus = Self.temporaryDirectory("unreadable")
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try Data("{".utf8).write(to: URL(fileURLWithPath: corpus).appendingPathComponent("broken.json"))
        let junit = corpus + "/../" + UUID().uuidString + ".xml"
        let result = try X86Fuzz.run(["replay", corpus, "--model-only", "--junit", junit])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.json") && result.stderr.contains("not valid JSON"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<error type="unreadable""#))
    }

    @Test func replayOfAMissingDirectoryExits2() throws {
        let result = try X86Fuzz.run(["replay", "/nonexistent/corpus", "--model-only"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/corpus: does not exist"))
    }
}
