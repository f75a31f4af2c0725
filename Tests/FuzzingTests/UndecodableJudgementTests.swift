import Decoding
import Forms
import Fuzzing
import Semantics
import Testing
import X86

/// Bytes Capstone cannot decode are judged against #UD: agreement when the CPU raised #UD, else one
/// `decoder` divergence named by whether the forms table knows the form.
struct UndecodableJudgementTests {
    private let judge = CaseJudge(model: ReferenceModel(profile: .generic), comparator: Comparator(platform: .kvmPVM))

    private func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: 15 - bytes.count) }

    private func judged(_ bytes: [UInt8], _ alter: (inout Outcome) -> Void) -> CaseJudge.Judged {
        let state = MachineState.defaults
        var outcome = judge.model.invalidOpcode(from: state).outcome
        alter(&outcome)
        return judge.judge(.undecodable(padded(bytes)), from: state, on: RecordedExecutor(outcome: outcome))
    }

    @Test func aCPUThatRaisesUDAgrees() {
        guard case .agreed(_, let prediction?, _) = judged([0x0F, 0x04], { _ in }) else { Issue.record("0f04: both #UD"); return }
        #expect(prediction.outcome.exception == ExceptionInfo(vector: .ud))
    }

    /// AMD's PREFETCH (0F 0D /0), which Capstone 4 cannot decode and the table lacks, completing in 3 bytes.
    @Test func aCPUThatRunsAnUnknownFormDivergesAsDecoder() {
        guard case .diverged(let finding) = judged([0x0F, 0x0D, 0x00], { $0.exception = nil; $0.rip += 3 }) else {
            Issue.record("a completed step against #UD diverges"); return
        }
        #expect(finding.divergences == [Divergence(field: "unknown-form", hardware: "completed, length 3", model: "#UD", class: .decoder)])
        #expect(finding.signature.form == "(undecodable) 0f 0d mem")
    }

    /// LOCK SWAPGS: Capstone 4 refuses the LOCK, Zen 4 raises #GP (privilege before LOCK), and the
    /// table has SWAPGS. LOCK is part of the form, as it decides what is valid.
    @Test func lockIsPartOfTheForm() {
        guard case .diverged(let finding) = judged([0xF0, 0x0F, 0x01, 0xF8], { $0.exception = ExceptionInfo(vector: .gp, errorCode: 0) }) else {
            Issue.record("#GP against #UD diverges"); return
        }
        #expect(finding.divergences.map(\.field) == ["capstone-gap"])
        #expect(finding.signature.form == "(undecodable) lock 0f 01 reg")
    }

    /// ADCX (66 0F 38 F6 /r) is in the table: were Capstone unable to decode it, that is a gap.
    @Test func aCPUThatRunsAKnownFormIsACapstoneGap() {
        let adcx: [UInt8] = [0x66, 0x0F, 0x38, 0xF6, 0xC1]
        guard case .diverged(let finding) = judged(adcx, { $0.exception = ExceptionInfo(vector: .gp, errorCode: 0) }) else {
            Issue.record("#GP against #UD diverges"); return
        }
        #expect(finding.divergences.map(\.field) == ["capstone-gap"])
        #expect(finding.divergences.map(\.hardware) == ["#GP(0x0), length not shown by a fault"])
        #expect(finding.signature.form == "(undecodable) 66 0f38 f6 reg")
    }

    /// Every form of the table is found from its own plainest encoding, read without Capstone.
    @Test func everyFormIsSelectedByItsPlainestEncoding() {
        for form in FormTable.all {
            let instruction = Instruction.undecodable(padded(form.encoding.plainestEncoding))
            #expect(FormTable.forms(selectedBy: instruction).contains { $0.encoding == form.encoding },
                    "\(form.mnemonic) \(form.encoding.notation)")
        }
    }

    @Test(arguments: [[0x0F, 0x04], [0xD6], [0x0F, 0x0D, 0x00], [0xC4, 0xE2, 0x7D, 0xF7, 0xC1]] as [[UInt8]])
    func encodingsNoFormHasSelectNone(bytes: [UInt8]) {
        #expect(FormTable.forms(selectedBy: .undecodable(padded(bytes))).isEmpty, "\(Hex.format(bytes: bytes))")
    }
}
