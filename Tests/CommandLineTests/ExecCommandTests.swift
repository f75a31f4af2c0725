import Foundation
import Testing
import TestSupport

/// End-to-end tests of `x86fuzz exec` and `x86fuzz bench exec`: bad input exits 2 with one line
/// on stderr, and the JSON keeps the documented keys.
struct ExecCommandTests {
    @Test(arguments: [
        (["zz"], "not hex"),
        ([""], "empty"),
        (["4801d"], "odd number"),
        (["90909090909090909090909090909090"], "at most 15 bytes"),
        (["90", "--set", "rzz=1"], "unknown register 'rzz'"),
        (["90", "--set", "rax=banana"], "bad value for rax"),
        (["90", "--set", "rax"], "reg=value"),
        (["90", "--set", "xmm1=0x1" + String(repeating: "0", count: 32)], "does not fit in 128 bits"),
        (["90", "--set", "mxcsr=0x100000000"], "does not fit in 32 bits"),
        (["90", "--memory", "0x1000=00"], "outside the data window"),
        (["90", "--memory", "0x21fff=0000"], "outside the data window"),
        (["90", "--memory", "0x20000=xy"], "bad --memory"),
        (["90", "--data-seed", "seed"], "--data-seed 'seed' is not a seed"),
    ])
    func badInputExitsWith2AndSaysWhy(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(["exec"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test(arguments: [("/nonexistent/kvm", "cannot open /nonexistent/kvm"), ("/dev/null", "not a usable KVM device")])
    func unusableDeviceExitsWith2(device: String, message: String) throws {
        let result = try X86Fuzz.run(["exec", "90"], environment: ["X86FUZZ_KVM_DEVICE": device])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test(.needsKVM)
    func jsonHasTheDocumentedKeysAndHexNumbers() throws {
        let result = try X86Fuzz.run(["exec", "48891e", "--set", "rsi=0x20100", "--set", "rbx=0x1122", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let instruction = try #require(object["instruction"] as? [String: Any])
        #expect(instruction["bytes"] as? String == "48891e")
        let layout = try #require(object["layout"] as? [String: Any])
        #expect(layout["codeAddress"] as? String == "0x10000")
        #expect(layout["dataBase"] as? String == "0x20000")
        #expect(layout["dataSize"] as? String == "0x2000")
        let before = try #require(object["before"] as? [String: Any])
        let beforeGPR = try #require(before["gpr"] as? [String: String])
        #expect(beforeGPR.count == 16 && beforeGPR["rsi"] == "0x20100" && beforeGPR["r15"] == "0x0")
        #expect(before["rip"] as? String == "0x10000")
        #expect(before["rflags"] as? String == "0x202")
        let after = try #require(object["after"] as? [String: Any])
        #expect(after["outcome"] as? String == "completed")
        #expect(after["exception"] is NSNull)
        #expect(after["rip"] as? String == "0x10003")
        #expect((after["gpr"] as? [String: String])?.count == 16)
        #expect(after["rflags"] as? String == "0x202")
        let writes = try #require(after["memoryWrites"] as? [[String: String]])
        #expect(writes == [["address": "0x20100", "bytes": "2211000000000000"]])
        #expect(after["xmm0"] is String && after["ymm15"] is String && after["mxcsr"] as? String == "0x1f80")
    }

    @Test(.needsKVM)
    func exceptionJSONCarriesVectorNameErrorCodeAndCR2() throws {
        let result = try X86Fuzz.run(["exec", "488b06", "--set", "rsi=0x40000000", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let after = try #require(object["after"] as? [String: Any])
        #expect(after["outcome"] as? String == "exception")
        let exception = try #require(after["exception"] as? [String: String])
        #expect(exception == ["vector": "0xe", "name": "#PF", "errorCode": "0x4", "cr2": "0x40000000"])
    }

    /// 10,000 cases on one VM leave the process with the same descriptors and (up to an allocator
    /// arena or two, which a leak of one per case would dwarf) the same mappings.
    @Test(.needsKVM)
    func tenThousandCasesLeakNothing() throws {
        let result = try X86Fuzz.run(["bench", "exec", "--cases", "10000", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["cases"] as? Int == 10000)
        #expect((report["casesPerSecond"] as? Double ?? 0) > 0)
        #expect(report["descriptorsBefore"] as? Int == report["descriptorsAfter"] as? Int)
        let mappingsBefore = try #require(report["mappingsBefore"] as? Int)
        let mappingsAfter = try #require(report["mappingsAfter"] as? Int)
        #expect(mappingsAfter - mappingsBefore <= 2, "mappings \(mappingsBefore) -> \(mappingsAfter)")
    }

    /// `--focus` narrows the campaign mix: floating-point cases only, so none runs under TF (no
    /// branch, string or PUSHF among them), where seed 1's default mix has about 3% that do.
    @Test(.needsKVM)
    func theCampaignMixTakesAFocus() throws {
        let result = try X86Fuzz.run(["bench", "exec", "--campaign-mix", "1", "--focus", "fp", "--cases", "2000", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["cases"] as? Int == 2000)
        let batch = try #require(report["batch"] as? [String: Any])
        #expect((batch["batched"] as? Int ?? 0) > 1500, "\(batch)")
        #expect(batch["underTrapFlag"] as? Int == 0, "\(batch)")
    }
}

/// `--platform kvm` turns off kvm_pvm's re-labelling: its #UD for a #GP(0) is then the model's.
@Suite(.needsKVMPVM)
struct PlatformOptionTests {
    @Test(arguments: [("kvm", "model"), ("kvm-pvm", "harness"), ("auto", "harness")])
    func theClassFollowsThePlatform(platform: String, expected: String) throws {
        let result = try X86Fuzz.run(["check", "660ffe00", "--set", "rax=0x8000000000000000", "--platform", platform, "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let divergences = try #require(object["divergences"] as? [[String: String]])
        #expect(!divergences.isEmpty && divergences.allSatisfy { $0["class"] == expected }, "\(divergences)")
    }
}

struct PlatformOptionUsageTests {
    @Test func anUnknownPlatformIsOneLineAndExit2() throws {
        let result = try X86Fuzz.run(["check", "90", "--platform", "xen"])
        #expect(result.status == 2)
        #expect(result.stderr == "x86fuzz: --platform 'xen' is not one of auto, kvm, kvm-pvm\n")
    }
}
