import Foundation
import Testing
import TestSupport

/// End-to-end tests of `x86fuzz length`: bad input exits 2, the JSON keys, the exit code.
struct LengthCommandTests {
    @Test(arguments: [
        (["zz"], "not hex"),
        (["4801d"], "odd number"),
        (["90909090909090909090909090909090"], "give 1 to 15 bytes"),
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
