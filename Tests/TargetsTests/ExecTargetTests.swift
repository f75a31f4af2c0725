import Decoding
import Foundation
import Fuzzing
import Semantics
import Targets
import Testing
import TestSupport
import X86

/// The `exec:` protocol end to end with `scripts/example-target.py` (no KVM, no Unicorn needed):
/// the model's outcome stands in for the CPU's, as a recorded outcome does in replay.
struct ExecTargetTests {
    static let example = "exec:" + TestHost.exampleTarget

    /// `add rax, rbx` from a state whose sum carries out, overflows nothing and is zero.
    static func addCase() throws -> (Instruction, MachineState) {
        let instruction = try #require(try InstructionDecoder().decode([0x48, 0x01, 0xD8]))
        var state = MachineState.defaults
        state.gpr[.rax] = 0xFFFF_FFFF_FFFF_FFFF
        state.gpr[.rbx] = 1
        return (instruction, state)
    }

    @Test func theExampleAgreesWithTheModelOnAdd() throws {
        let (instruction, state) = try Self.addCase()
        let model = ReferenceModel(profile: .generic)
        let prediction = try #require(model.predict(instruction, from: state))
        let judge = CaseJudge(model: model, comparator: Comparator(platform: .kvm), targets: [try Targets.open(Self.example)])
        guard case .agreed(_, _, let targets) = judge.judge(instruction, from: state, on: RecordedExecutor(outcome: prediction.outcome)) else {
            Issue.record("the example's ADD should agree")
            return
        }
        #expect(targets.count == 1)
        #expect(targets[0].outcome?.gpr[.rax] == 0)
        #expect(targets[0].outcome?.rflags == 0x257)
    }

    @Test func anInstructionTheExampleDoesNotCoverIsNotCompared() throws {
        let target = try Targets.open(Self.example)
        guard case .unsupported(let reason) = try target.run([0x48, 0x0F, 0xAF, 0xC3], from: .defaults) else {
            Issue.record("imul is not in the example")
            return
        }
        #expect(reason.contains("NOP"))
    }

    @Test func aTargetThatDiffersIsBlamedByName() throws {
        let (instruction, state) = try Self.addCase()
        let model = ReferenceModel(profile: .generic)
        var cpu = try #require(model.predict(instruction, from: state)).outcome
        cpu.gpr[.rax] = 7
        let judge = CaseJudge(model: model, comparator: Comparator(platform: .kvm), targets: [try Targets.open(Self.example)])
        guard case .diverged(let finding) = judge.judge(instruction, from: state, on: RecordedExecutor(outcome: cpu)) else {
            Issue.record("a CPU that differs from both must diverge")
            return
        }
        #expect(finding.divergences.map(\.field).sorted() == ["\(Self.example):rax", "rax"])
        #expect(finding.divergences.first { $0.field.hasPrefix("exec:") }?.class == .target)
        #expect(finding.signature.fields.contains("\(Self.example):rax:target"))
        // The model and the target agree against the CPU: the CPU is the odd one out.
        #expect(Blame.parties(finding.divergences, modelCompared: true, targets: [Self.example]) == ["cpu": ["rax"]])
    }

    @Test func withoutTheModelOnlyTheTargetIsCompared() throws {
        let (instruction, state) = try Self.addCase()
        let model = ReferenceModel(profile: .generic)
        var cpu = try #require(model.predict(instruction, from: state)).outcome
        cpu.gpr[.rax] = 7
        let judge = CaseJudge(model: model, comparator: Comparator(platform: .kvm), targets: [try Targets.open(Self.example)],
                              comparesModel: false)
        guard case .diverged(let finding) = judge.judge(instruction, from: state, on: RecordedExecutor(outcome: cpu)) else {
            Issue.record("the target differs from the CPU")
            return
        }
        #expect(finding.prediction == nil)
        #expect(finding.divergences.map(\.field) == ["\(Self.example):rax"])
        #expect(Blame.parties(finding.divergences, modelCompared: false, targets: [Self.example]) == [Self.example: ["rax"]])
    }

    @Test func aProgramThatAnswersNonsenseIsAnError() throws {
        let target = try Targets.open("exec:/bin/cat")
        #expect(throws: TargetError.self) { try target.run([0x90], from: .defaults) }
    }

    /// A program that dies on a case (as Unicorn aborts on some inputs) fails that case only: it is
    /// started again for the next.
    @Test func aProgramThatDiesIsStartedAgain() throws {
        let path = try CorpusFixtures.directory("dying-target").appendingPathComponent("target.py").path
        try """
        #!/usr/bin/env python3
        import json, os, sys
        for line in sys.stdin:
            if json.loads(line)["instruction"]["bytes"] == "cc":
                os.abort()
            print('{"unsupported": "alive"}', flush=True)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o755) == 0)
        let target = try Targets.open("exec:" + path)
        #expect(throws: TargetError.self) { try target.run([0xCC], from: .defaults) }
        #expect(try target.run([0x90], from: .defaults) == .unsupported("alive"))
    }

    /// A program that does not answer in time (and ignores SIGTERM) fails that case within about
    /// the timeout, is killed, and is started again for the next.
    @Test func aProgramThatDoesNotAnswerInTimeIsKilled() throws {
        let path = try CorpusFixtures.directory("stalling-target").appendingPathComponent("target.py").path
        try """
        #!/usr/bin/env python3
        import json, signal, sys, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for line in sys.stdin:
            if json.loads(line)["instruction"]["bytes"] == "cc":
                time.sleep(3600)
            print('{"unsupported": "alive"}', flush=True)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o755) == 0)
        // Long enough for the restarted Python to answer on a loaded machine, far below the hour
        // the program would stall for.
        let target = try ExecTarget(program: path, timeout: .seconds(3))
        let start = ContinuousClock.now
        #expect { try target.run([0xCC], from: .defaults) } throws: { error in
            (error as? TargetError)?.message.contains("no answer within 3 s") == true
        }
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(try target.run([0x90], from: .defaults) == .unsupported("alive"))
    }

    @Test func aMissingProgramCannotBeOpened() {
        #expect(throws: TargetError.self) { try Targets.open("exec:/nonexistent/emulator") }
        #expect(throws: TargetError.self) { try Targets.open("qemu") }
    }
}
