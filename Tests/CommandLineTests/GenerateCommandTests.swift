import Foundation
import Testing

/// End-to-end tests of `x86fuzz generate` and `x86fuzz bench generate`: the real binary, run
/// as a subprocess, with its exit codes, JSON Lines and summary.
struct GenerateCommandTests {
    @Test(arguments: [
        (["--seed", "abc", "--count", "5"], "--seed 'abc'"),
        (["--seed", "0x", "--count", "5"], "--seed '0x'"),
        (["--seed", "-1", "--count", "5"], "--seed '-1'"),
        (["--seed", "0x10000000000000000", "--count", "5"], "--seed"),
        (["--seed", "1", "--count", "0"], "--count '0'"),
        (["--seed", "1", "--count", "-3"], "--count '-3'"),
        (["--seed", "1", "--count", "many"], "--count 'many'"),
        (["--seed", "1", "--count", "5", "--focus", "nosuchfamily"], "unknown focus name 'nosuchfamily'"),
        (["--seed", "1", "--count", "5", "--focus", "add,bogus"], "unknown focus name 'bogus'"),
        (["--seed", "1", "--count", "5", "--focus", ","], "empty focus list"),
    ])
    func badInputExitsWith2AndSaysWhy(arguments: [String], message: String) throws {
        let result = try X86Fuzz.run(["generate"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("x86fuzz: "))
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test func anUnknownFocusListsTheFamilies() throws {
        let result = try X86Fuzz.run(["generate", "--seed", "1", "--count", "5", "--focus", "nope"])
        for family in ["binary", "logical", "shift", "bitops", "bmi", "datatransfer", "stack", "control", "string",
                       "sse", "avx", "system", "sse-fp", "avx-fp", "fma", "f16c"] {
            #expect(result.stderr.contains(family))
        }
    }

    @Test func missingOptionsExitWith2() throws {
        #expect(try X86Fuzz.run(["generate", "--count", "5"]).status == 2)
        #expect(try X86Fuzz.run(["generate", "--seed", "5"]).status == 2)
    }

    @Test func jsonLinesHaveTheDocumentedShape() throws {
        let result = try X86Fuzz.run(["generate", "--seed", "0x2a", "--count", "500", "--json"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 500)
        let reasons: Set<String> = ["nondeterministic", "hypervisor", "unsupported-by-model", "avx512", "floating-point"]
        var verdicts: Set<String> = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let bytes = try #require(object["bytes"] as? String)
            let length = try #require(object["length"] as? Int)
            let verdict = try #require(object["verdict"] as? String)
            verdicts.insert(verdict)
            #expect(bytes.count == 2 * length && (1...15).contains(length))
            #expect(bytes.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            #expect(object["inFocus"] == nil)
            switch verdict {
            case "accepted":
                #expect(object["reason"] == nil)
                #expect(object["decoded"] is String || object["decoded"] is NSNull, "null where Capstone cannot decode")
                #expect(Set(object.keys) == ["bytes", "decoded", "length", "verdict"])
            case "rejected":
                let reason = try #require(object["reason"] as? String)
                #expect(reasons.contains(reason))
                #expect(object["decoded"] is String || (object["decoded"] is NSNull && reason == "avx512"),
                        "only EVEX bytes Capstone cannot decode are rejected undecoded")
                #expect(Set(object.keys) == ["bytes", "decoded", "length", "verdict", "reason"])
            default:
                Issue.record("unknown verdict \(verdict)")
            }
        }
        #expect(verdicts == ["accepted", "rejected"])
    }

    @Test func theSummaryGoesToStandardError() throws {
        let result = try X86Fuzz.run(["generate", "--seed", "1", "--count", "1000", "--json"])
        #expect(result.stderr.contains("generate: 1000 cases, seed 0x1"))
        #expect(result.stderr.contains("decoded: "))
        #expect(!result.stderr.contains("undecodable"))
        #expect(result.stderr.contains("distinct mnemonics: "))
        #expect(result.stderr.contains("opcode maps (as generated): "))
        #expect(!result.stdout.contains("decoded: "))
    }

    @Test func twoRunsWithTheSameSeedAreByteIdentical() throws {
        let first = try X86Fuzz.run(["generate", "--seed", "12345", "--count", "3000", "--json"])
        let second = try X86Fuzz.run(["generate", "--seed", "0x3039", "--count", "3000", "--json"])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout == second.stdout)
        let other = try X86Fuzz.run(["generate", "--seed", "12346", "--count", "3000", "--json"])
        #expect(other.stdout != first.stdout)
    }

    @Test func textOutputHasOneLinePerCase() throws {
        let result = try X86Fuzz.run(["generate", "--seed", "1", "--count", "50"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 50)
        #expect(lines.allSatisfy { $0.contains("accepted") || $0.contains("rejected") })
    }

    @Test func aFocusMarksEachAcceptedCaseAndBiasesTheMix() throws {
        let result = try X86Fuzz.run(["generate", "--seed", "9", "--count", "2000", "--focus", "bitops", "--json"])
        #expect(result.status == 0)
        var accepted = 0
        var inFocus = 0
        for line in result.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let flag = try #require(object["inFocus"] as? Bool)
            if object["verdict"] as? String == "accepted" {
                accepted += 1
                if flag { inFocus += 1 }
            } else {
                #expect(!flag)
            }
        }
        #expect(Double(inFocus) > 0.8 * Double(accepted))
        #expect(result.stderr.contains("focus bitops"))
    }

    @Test func benchGeneratePrintsCasesPerSecond() throws {
        let result = try X86Fuzz.run(["bench", "generate", "--cases", "5000", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["cases"] as? Int == 5000)
        #expect((object["casesPerSecond"] as? Double ?? 0) > 0)
        let stages = try #require(object["stages"] as? [String: Double])
        #expect(Set(stages.keys) == ["generate", "decode", "filter"])
    }

    @Test func benchGenerateRejectsABadCount() throws {
        let result = try X86Fuzz.run(["bench", "generate", "--cases", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--cases '0'"))
    }
}
