import Foundation
import Testing
import TestSupport

/// End-to-end tests of `x86fuzz profile show`, `profile learn` and `--profile FILE`.
struct ProfileCommandTests {
    private static func scratch(_ name: String) throws -> String {
        let directory = NSTemporaryDirectory() + "x86fuzz-profile-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func showPrintsAProfileThatShowReadsBack() throws {
        let directory = try Self.scratch("show")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shown = try X86Fuzz.run(["profile", "show"])
        #expect(shown.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? Int == 1)
        #expect(object["undefinedFlags"] is [String: Any])
        let file = directory + "/profile.json"
        try shown.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let again = try X86Fuzz.run(["profile", "show", file])
        #expect(again.status == 0)
        #expect(again.stdout == shown.stdout)
    }

    @Test(arguments: [("{", "not a JSON object"), (#"{"format": 1}"#, "name must be")])
    func aBadProfileFileExitsWith2InOneLine(_ text: String, _ message: String) throws {
        let directory = try Self.scratch("bad-\(message.count)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/bad.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        for arguments in [["profile", "show", file], ["check", "90", "--profile", file], ["replay", directory, "--profile", file]] {
            let result = try X86Fuzz.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("--profile \(file): ") && result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        #expect(try X86Fuzz.run(["profile", "show", directory + "/missing.json"]).status == 2)
    }

    @Test(.needsKVM) func learnWritesAProfileACampaignUses() throws {
        let directory = try Self.scratch("learn")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/learned.json"
        let learned = try X86Fuzz.run(["profile", "learn", "--cases", "20", "--name", "test profile", "--output", file])
        #expect(learned.status == 0, "\(learned.stderr)")
        #expect(learned.stdout.isEmpty)
        #expect(learned.stderr.contains("profile learn: bitFieldExtract done"))
        let campaign = try X86Fuzz.run(["fuzz", "--cases", "200", "--jobs", "1", "--quiet", "--profile", file,
                                        "--corpus", directory + "/corpus"])
        #expect(campaign.status == 0 || campaign.status == 1, "\(campaign.stderr)")
        #expect((campaign.stdout + campaign.stderr).contains("profile test profile"), "\(campaign.stdout)")
        #expect(try X86Fuzz.run(["profile", "learn", "--cases", "0"]).status == 2)
    }
}
