import Foundation
import Testing
import TestSupport

/// End-to-end tests of `--target` and `--no-model` on `check`, `fuzz` and `replay`.
struct TargetCommandTests {
    static let example = "exec:" + TestHost.exampleTarget

    static func object(_ result: X86Fuzz.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func aMissingUnicornIsOneLineAndExitTwo() throws {
        let result = try X86Fuzz.run(["check", "90", "--target", "unicorn"], environment: ["X86FUZZ_UNICORN_LIBRARY": "/nonexistent/libunicorn.so.2"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("needs Unicorn 2"), "\(result.stderr)")
    }

    @Test(arguments: [
        (["check", "90", "--no-model"], "--no-model needs at least one --target"),
        (["check", "90", "--target", "qemu"], "unknown target 'qemu'"),
        (["check", "90", "--target", "exec:"], "needs a program"),
        (["fuzz", "--cases", "1", "--target", "exec:/nonexistent/emulator"], "cannot start /nonexistent/emulator"),
        (["check", "90", "--target", "exec:/bin/cat", "--target-timeout", "0"], "more than 0 and at most 86400"),
        (["check", "90", "--target", "exec:/bin/cat", "--target-timeout", "90000"], "more than 0 and at most 86400"),
        (["fuzz", "--cases", "1", "--target-timeout", "1e3"], "give seconds"),
        (["fuzz", "--cases", "1", "--target-timeout=-1"], "give seconds"),
        (["fuzz", "--cases", "1", "--target-timeout", "0.0001"], "give seconds"),
    ])
    func badTargetsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(.needsKVM, .needsUnicorn)
    func checkShowsThreeOutcomesAndTheBlame() throws {
        // A non-canonical load: #GP(0) on the CPU and in the model, #PF in Unicorn.
        let result = try X86Fuzz.run(["check", "488b06", "--set", "rsi=0x8000000000000000", "--target", "unicorn", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try Self.object(result)
        #expect((object["after"] as? [String: Any])?["exception"] is [String: Any])
        #expect(object["model"] is [String: Any])
        let targets = try #require(object["targets"] as? [[String: Any]])
        #expect(targets.first?["name"] as? String == "unicorn")
        let blame = try #require(object["blame"] as? [String: [String]])
        #expect(blame == ["unicorn": ["exception.cr2", "exception.vector"]])
    }

    @Test(.needsKVM)
    func theExampleTargetAgreesThroughCheck() throws {
        let result = try X86Fuzz.run(["check", "4801d8", "--set", "rax=1", "--set", "rbx=2", "--target", Self.example, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.object(result)
        #expect(object["verdict"] as? String == "agree")
        #expect(object["blame"] as? [String: [String]] == [:])
        let outcome = try #require((object["targets"] as? [[String: Any]])?.first?["outcome"] as? [String: Any])
        #expect((outcome["gpr"] as? [String: String])?["rax"] == "0x3")
    }

    /// A plug-in that answers every case with a completed step at the code address and every
    /// register zero: wrong nearly everywhere, so each signature it meets is a finding.
    static func brokenTarget(in directory: String) throws -> String {
        let path = directory + "/broken-target.py"
        let gprs = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
        let outcome = #"{"outcome": "completed", "exception": null, "rip": "0x10000", "rflags": "0x202", "memoryWrites": [], "gpr": {"#
            + gprs.map { #""\#($0)": "0x0""# }.joined(separator: ", ") + "}}"
        try "#!/usr/bin/env python3\nimport sys\nfor line in sys.stdin:\n    print('\(outcome)', flush=True)\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o755) == 0)
        return path
    }

    @Test(.needsKVM)
    func aCampaignWithoutTheModelRecordsTheTargetAndReplaysIt() throws {
        let directory = try CorpusFixtures.directory("target-campaign").path
        let target = "exec:" + (try Self.brokenTarget(in: directory))
        let fuzz = try X86Fuzz.run(["fuzz", "--seed", "1", "--cases", "200", "--jobs", "1", "--focus", "logical", "--quiet",
                                    "--target", target, "--no-model", "--corpus", directory + "/corpus"])
        #expect(fuzz.status == 0, "\(fuzz.stderr)")
        #expect(fuzz.stdout.contains("targets \(target) (model not compared)"), "\(fuzz.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/corpus").filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/corpus/" + files[0])))
            as? [String: Any])
        #expect(entry["model"] == nil)
        #expect((entry["targets"] as? [[String: Any]])?.first?["name"] as? String == target)
        let replay = try X86Fuzz.run(["replay", directory + "/corpus"])
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("still-diverging \(files.count)"), "\(replay.stdout)")
    }
}
