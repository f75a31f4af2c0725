import ArgumentParser
import Decoding
import Fuzzing
import Foundation
import Semantics
import X86

/// `x86fuzz check`: one case on the CPU and on the model, with the differences.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one instruction on the CPU and on the model, and show where they differ.",
        discussion: """
        Takes the same options as exec. The bytes are cut to the length Capstone decodes; bytes it \
        cannot decode run as given, the model predicts #UD, and a CPU that does anything else is a \
        decoder divergence (capstone-gap where the forms table knows the form, else unknown-form). Flags the \
        manuals leave undefined for the instruction are not compared; with --strict-undefined, those \
        the CPU profile pins down are compared too (class undefined-behaviour). \
        Exit code 0 when the two agree (or the model does not cover the instruction), 1 when they diverge.
        """
    )

    @OptionGroup var testCase: CaseOptions

    @Flag(help: "Also compare undefined flags that the CPU profile defines.")
    var strictUndefined = false

    @OptionGroup var platform: PlatformOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var executor: ExecutorOption

    @Flag(help: "Print one JSON object: exec's keys plus model, divergences and verdict.")
    var json = false

    func run() throws {
        let platform = try self.platform.choice() ?? .detected
        let chosenProfile = try profile.choice()
        let kind = try executor.choice()
        let given = try testCase.testCase()
        var bytes = given.bytes
        let state = given.state
        let decoder: InstructionDecoder
        do { decoder = try InstructionDecoder() } catch { throw CommandFailure.usage("cannot open Capstone: \(error)") }
        let instruction = decoder.decode(bytes) ?? .undecodable(bytes)
        bytes = instruction.bytes
        let judge = CaseJudge(model: ReferenceModel(profile: chosenProfile ?? HostEnvironment.current.profile),
                              comparator: Comparator(strictUndefined: strictUndefined, platform: platform))
        let judgement = try Judgement(SandboxRunner.judge(instruction, from: state, with: judge, on: kind))
        let hardware = judgement.hardware
        if json {
            try JSONOutput.print(CheckReport(bytes: bytes, before: state, after: hardware, judgement: judgement))
        } else {
            Console.line(OutcomeTable.render(bytes: bytes, before: state, after: hardware))
            Console.line("")
            Console.line("decoded      \(instruction.isUndecodable ? "(Capstone cannot decode these bytes; the model predicts #UD)" : instruction.text)")
            Console.line("model        \(judgement.prediction.map { OutcomeTable.describe($0.outcome.exception) } ?? "does not cover this instruction")")
            Console.line("verdict      \(judgement.verdict.rawValue)")
            for divergence in judgement.divergences {
                Console.line("  \(divergence.field): cpu \(divergence.hardware), model \(divergence.model) [\(divergence.class.rawValue)]")
            }
            if let evidence = judgement.evidence { Console.line("evidence     \(evidence)") }
        }
        if judgement.verdict == .diverge { throw ExitCode(1) }
    }
}

/// One judged case as `check` shows it.
struct Judgement {
    var hardware: Outcome
    var prediction: Prediction?
    var divergences: [Divergence]
    var evidence: String?
    var verdict: Verdict

    init(hardware: Outcome, prediction: Prediction?, divergences: [Divergence], evidence: String?, verdict: Verdict) {
        self.hardware = hardware
        self.prediction = prediction
        self.divergences = divergences
        self.evidence = evidence
        self.verdict = verdict
    }

    /// The judgement's result; a harness error ends the command (exit 3, or 2 for a refused case).
    init(_ judged: CaseJudge.Judged) throws {
        switch judged {
        case .harnessError(let error): throw CommandFailure(sandboxError: error)
        case .unsupported(let hardware):
            self.init(hardware: hardware, prediction: nil, divergences: [], evidence: nil, verdict: .unsupported)
        case .agreed(let hardware, let prediction):
            self.init(hardware: hardware, prediction: prediction, divergences: [], evidence: nil, verdict: .agree)
        case .diverged(let finding):
            self.init(hardware: finding.hardware, prediction: finding.prediction, divergences: finding.divergences,
                      evidence: finding.evidence, verdict: .diverge)
        }
    }
}

/// The `check --json` object: `exec`'s keys plus `model`, `divergences`, `verdict` and, where a
/// re-run decided a class, `evidence`.
struct CheckReport: Encodable {
    var exec: ExecReport
    var model: Outcome?
    var divergences: [Divergence]
    var verdict: Verdict
    var evidence: String?

    init(bytes: [UInt8], before: MachineState, after: Outcome, judgement: Judgement) {
        exec = ExecReport(bytes: bytes, before: before, after: after)
        model = judgement.prediction?.outcome
        divergences = judgement.divergences
        verdict = judgement.verdict
        evidence = judgement.evidence
    }

    enum CodingKeys: String, CodingKey { case model, divergences, verdict, evidence }

    func encode(to encoder: any Encoder) throws {
        try exec.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(divergences, forKey: .divergences)
        try container.encode(verdict, forKey: .verdict)
        try container.encodeIfPresent(evidence, forKey: .evidence)
    }
}
