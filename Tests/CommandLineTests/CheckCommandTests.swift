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
        let result = try X86Fuzz.run(["check", "d9c0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "unsupported")
        #expect(object["model"] is NSNull)
    }

    @Test func badInputExitsWith2() throws {
        let result = try X86Fuzz.run(["check", "zz"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not hex"))
    }
}
