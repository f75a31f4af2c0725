import Foundation
import Testing
import TestSupport

/// The contributor's loop: `check --entry FILE` runs a corpus entry's case, and `replay` prints
/// that command for every entry that does not behave as recorded.
struct EntryCaseTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus").path

    @Test(arguments: [
        (["check"], "give the instruction's bytes in hex, or --entry FILE"),
        (["check", "90", "--entry", "x.json"], "give the instruction's bytes or --entry FILE, not both"),
        (["exec", "--entry", "/nonexistent/x.json"], "cannot use --entry /nonexistent/x.json: does not exist"),
    ])
    func aMissingOrDoubleCaseIsOneLineAndExit2(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == "x86fuzz: \(message)\n")
    }

    @Test(.needsKVM)
    func anEntrysCaseRunsWithItsStateAndTheOptionsOnTop() throws {
        let entry = Self.corpus + "/c1bf6d2c4b192469.json"
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: entry))) as? [String: Any])
        let state = try #require(object["initialState"] as? [String: Any])
        let gpr = try #require(state["gpr"] as? [String: String])
        let result = try X86Fuzz.run(["exec", "--entry", entry, "--set", "rbx=0x55", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let before = try #require((output["before"] as? [String: Any])?["gpr"] as? [String: String])
        #expect(before["rbx"] == "0x55")
        #expect(before["rcx"] == gpr["rcx"], "the entry's other registers")
        #expect((output["instruction"] as? [String: Any])?["bytes"] as? String == object["bytes"] as? String)
    }

    @Test func replayPrintsTheCheckCommandForAnEntryThatChanged() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("x86fuzz-entrycase-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: Self.corpus + "/c1bf6d2c4b192469.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var hardware = try #require(object["hardware"] as? [String: Any])
        hardware["rip"] = "0x10002"
        object["hardware"] = hardware
        let changed = directory.appendingPathComponent("c1bf6d2c4b192469.json")
        try JSONSerialization.data(withJSONObject: object).write(to: changed)
        let result = try X86Fuzz.run(["replay", directory.path, "--model-only"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("    to look closer: x86fuzz check --entry \(changed.path)\n"), "\(result.stdout)")
    }
}
