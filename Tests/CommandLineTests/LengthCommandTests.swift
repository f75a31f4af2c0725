import Foundation
import Testing
import TestSupport

/// End-to-end tests of `x86fuzz length`: bad input exits 2, the JSON keys, the exit code.
struct LengthCommandTests {
    @Test(arguments: [
        (["zz"], "not hex"),
        (["4801d"], "odd number"),
        (["90909090909090909090909090909090"], "give 1 to 15 bytes"),
        (["4801d8", "--corpus", "x"], "--corpus goes with --sample"),
    ])
    func badInputExitsWith2AndSaysWhy(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(["length"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    /// An invalid opcode: no length on either side, #UD after two bytes, exit 0.
    @Test(.needsKVM)
    func invalidOpcodeJSON() throws {
        let result = try X86Fuzz.run(["length", "0f04", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["bytes", "cpuLength", "exception", "fetched", "decoderLength", "decoded"])
        #expect(object["bytes"] as? String == "0f04")
        #expect(object["cpuLength"] is NSNull)
        #expect(object["exception"] as? String == "#UD")
        #expect(object["fetched"] as? Int == 2)
        #expect(object["decoderLength"] is NSNull)
    }

    /// A sample's disagreements become corpus entries that replay as recorded, on the CPU and model-only.
    @Test(.needsKVM)
    func sampleRecordsDisagreementsThatReplay() throws {
        let corpus = try CorpusFixtures.directory("length-corpus")
        defer { try? FileManager.default.removeItem(at: corpus) }
        let sampled = try X86Fuzz.run(["length", "--sample", "30000", "--corpus", corpus.path])
        #expect(sampled.status == 1, "seed 1's first 30,000 cases hold a LOCK 66 Jcc: \(sampled.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        #expect(sampled.stdout.contains(", \(files.count) new entries in"), "\(sampled.stdout)")
        for options in [[], ["--model-only"]] {
            let replayed = try X86Fuzz.run(["replay", corpus.path] + options)
            #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
            #expect(replayed.stdout.contains("still-diverging \(files.count)"), "\(replayed.stdout)")
        }
    }

    @Test(.needsKVM)
    func agreeingLengthExitsZero() throws {
        let result = try X86Fuzz.run(["length", "4801d8", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["cpuLength"] as? Int == 3)
        #expect(object["decoderLength"] as? Int == 3)
        #expect(object["decoded"] as? String == "add rax, rbx")
    }

    /// AMD's PREFETCH (0F 0D /0) runs as 3 bytes; Capstone 4 cannot decode it: exit 1.
    @Test(.needsKVM)
    func capstoneGapExitsOne() throws {
        let result = try X86Fuzz.run(["length", "0f0d00"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("cpu       3"))
        #expect(result.stdout.contains("Capstone cannot decode"))
    }
}

/// `length --sample` and `hunt`: their bad input, and a short run of each.
struct SampleAndHuntCommandTests {
    @Test(arguments: [
        (["length"], "give the bytes in hex, or --sample N"),
        (["length", "90", "--sample", "10"], "not both"),
        (["length", "--sample", "0"], "--sample '0'"),
        (["hunt", "--map", "3dnow"], "--map '3dnow' is not one of"),
        (["hunt", "--duration", "soon"], "--duration 'soon'"),
    ])
    func badInputExitsWith2AndSaysWhy(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test(.needsKVM)
    func aSampleEndsWithItsSummary() throws {
        let result = try X86Fuzz.run(["length", "--sample", "300", "--seed", "5"])
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last)
        #expect(last.hasPrefix("length sample: seed 5, "))
        #expect(last.contains("300 accepted and measured"))
    }

    /// A hunt cut short by --duration says so and exits 1.
    @Test(.needsKVM)
    func aHuntCutShortSaysSo() throws {
        let result = try X86Fuzz.run(["hunt", "--map", "vex", "--duration", "1"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("vex: "))
        #expect(result.stdout.contains("(cut short)"))
        #expect(result.stdout.contains("executed-known "))
    }
}
