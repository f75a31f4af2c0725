import Decoding
import Fuzzing
import Semantics
import Testing
import X86

/// The one judgement, fed a recorded outcome: agreement, a divergence (no re-run: a recording
/// cannot confirm or move anything), the injected test aid, and an instruction the model lacks.
struct CaseJudgeTests {
    private let judge = CaseJudge(model: ReferenceModel(profile: .generic), comparator: Comparator(platform: .kvmPVM),
                                  injectedDivergences: ["sub"])

    private func judged(_ hex: String, alter: (inout Outcome) -> Void = { _ in }) throws -> CaseJudge.Judged {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        var state = MachineState.defaults
        state.gpr[.rax] = 0x8000_0000_0000_0000
        var outcome = try #require(judge.model.predict(instruction, from: state)).outcome
        outcome.vector = nil
        alter(&outcome)
        return judge.judge(instruction, from: state, on: RecordedExecutor(outcome: outcome))
    }

    @Test func theRecordedOutcomeOfTheModelAgrees() throws {
        guard case .agreed = try judged("4801d8") else { Issue.record("add rax, rbx should agree"); return }
    }

    @Test func aRecordedDivergenceIsNotRerunOrMoved() throws {
        guard case .diverged(let finding) = try judged("4801d8", alter: { $0.gpr[.rax] ^= 1 }) else {
            Issue.record("an altered RAX should diverge"); return
        }
        #expect(finding.divergences.map(\.field) == ["rax"] && finding.divergences.map(\.class) == [.model])
        guard case .diverged(let platform) = try judged("660ffe00", alter: { $0.exception = ExceptionInfo(vector: .ud) }) else {
            Issue.record("#UD against #GP should diverge"); return
        }
        #expect(Set(platform.divergences.map(\.class)) == [.harness])
        #expect(platform.evidence == nil, "a recording cannot move the operand")
    }

    @Test func anInjectedMnemonicAlwaysDiverges() throws {
        guard case .diverged(let finding) = try judged("4829d8") else { Issue.record("sub is injected"); return }
        #expect(finding.divergences.map(\.field) == ["injected"])
    }
}
