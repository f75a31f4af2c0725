import Foundation
import Testing
import TestSupport

/// End-to-end tests of `x86fuzz check`: the JSON keys on top of exec's, and the exit codes.
struct CheckCommandTests {
    static let kvm = TestHost.kvmUsable

    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func agreementHasExecKeysModelAndVerdict() throws {
        let result = try X86Fuzz.run(["check", "4801d8", "--set", "rax=1", "--set", "rbx=2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["instruction", "layout", "before", "after", "model", "divergences", "verdict"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["verdict"] as? String == "agree")
        #expect((object["divergences"] as? [Any])?.isEmpty == true)
        let model = try #require(object["model"] as? [String: Any])
        #expect(model["outcome"] as? String == "completed")
        #expect((model["gpr"] as? [String: String])?["rax"] == "0x3")
    }

    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func anInstructionTheModelDoesNotCoverIsUnsupported() throws {
        let result = try X86Fuzz.run(["check", "d92424", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "unsupported")
        #expect(object["model"] is NSNull)
    }

    /// 0F 04 is invalid: Capstone cannot decode it, the model predicts #UD, the CPU raises it.
    @Test(.needsKVM)
    func anInvalidEncodingAgrees() throws {
        let result = try X86Fuzz.run(["check", "0f04", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "agree")
        let model = try #require(object["model"] as? [String: Any])
        #expect((model["exception"] as? [String: Any])?["name"] as? String == "#UD")
    }

    /// AMD's PREFETCH (0F 0D /0) runs, Capstone 4 cannot decode it and the table has no form: a
    /// decoder divergence, not `unsupported`.
    @Test(.needsKVM)
    func undecodableBytesTheCPURunsDiverge() throws {
        let result = try X86Fuzz.run(["check", "0f0d00", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "diverge")
        let divergences = try #require(object["divergences"] as? [[String: String]])
        #expect(divergences.map { $0["field"] } == ["unknown-form"])
        #expect(divergences.map { $0["class"] } == ["decoder"])
        #expect(divergences.first?["hardware"] == "completed, length 3")
    }

    @Test func badInputExitsWith2() throws {
        let result = try X86Fuzz.run(["check", "zz"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not hex"))
    }
}
