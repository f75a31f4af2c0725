import Foundation
import Testing
import TestSupport

/// `--executor` on every command that runs cases: a bad value is one line and exit 2, and the
/// two executors print the same outcome.
struct ExecutorOptionTests {
    @Test(arguments: [
        ["fuzz", "--cases", "10"], ["exec", "90"], ["check", "90"], ["replay", "corpus"], ["bench", "exec", "--cases", "10"],
    ])
    func anUnknownExecutorExitsWith2(command: [String]) throws {
        let result = try X86Fuzz.run(command + ["--executor", "turbo"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--executor 'turbo' is not one of batch, single-step"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }

    @Test(.needsKVM, arguments: [
        ["48891e", "--set", "rsi=0x20100", "--set", "rbx=0x1122"],
        ["488b06", "--set", "rsi=0x40000000"],
        ["c5f5fec1", "--set", "ymm1=0x1234"],
        ["9c"],
        ["ff e1", "--set", "rcx=0x20040"],
        ["0f0b"],
    ])
    func execPrintsTheSameWithEitherExecutor(arguments: [String]) throws {
        let batch = try X86Fuzz.run(["exec"] + arguments + ["--json", "--executor", "batch"])
        let singleStep = try X86Fuzz.run(["exec"] + arguments + ["--json", "--executor", "single-step"])
        #expect(batch.status == 0 && singleStep.status == 0, "\(batch.stderr)\(singleStep.stderr)")
        #expect(batch.stdout == singleStep.stdout)
    }

    @Test(.needsKVM)
    func benchExecReportsWhereTheBatchSentTheCases() throws {
        let result = try X86Fuzz.run(["bench", "exec", "--cases", "2000", "--executor", "batch", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["executor"] as? String == "batch")
        let batch = try #require(object["batch"] as? [String: Any])
        #expect((batch["batched"] as? Int ?? 0) > 2000)
    }
}
