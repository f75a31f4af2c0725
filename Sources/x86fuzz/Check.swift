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
        With --target, each emulator runs the same case from the same state and is compared with the CPU \
        (class target, fields named after it: unicorn:rax); blame says who differs from the CPU, and \
        "cpu" where the model and every target agree against it. A target that cannot be opened exits 2. \
        Exit code 0 when everything compared agrees (or nothing covers the instruction), 1 when anything diverges.
        """
    )

    @OptionGroup var testCase: CaseOptions

    @Flag(help: "Also compare undefined flags that the CPU profile defines.")
    var strictUndefined = false

    @OptionGroup var platform: PlatformOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var executor: ExecutorOption
    @OptionGroup var targets: TargetOptions

    @Flag(help: "Print one JSON object: exec's keys plus model, targets, divergences, blame and verdict.")
    var json = false

    func run() throws {
        let platform = try self.platform.choice() ?? .detected
        let chosenProfile = try profile.choice()
        let kind = try executor.choice()
        let given = try testCase.testCase()
        let emulators = try targets.open()
        var bytes = given.bytes
        let state = given.state
        let decoder: InstructionDecoder
        do { decoder = try InstructionDecoder() } catch { throw CommandFailure.usage("cannot open Capstone: \(error)") }
        let instruction = decoder.decodeCase(bytes) ?? .undecodable(bytes)
        bytes = instruction.bytes
        let judge = CaseJudge(model: ReferenceModel(profile: chosenProfile ?? HostEnvironment.current.profile),
                              comparator: Comparator(strictUndefined: strictUndefined, platform: platform),
                              targets: emulators, comparesModel: !targets.noModel)
        let judgement = try Judgement(SandboxRunner.judge(instruction, from: state, with: judge, on: kind))
        let hardware = judgement.hardware
        if json {
            try JSONOutput.print(CheckReport(bytes: bytes, before: state, after: hardware, judgement: judgement))
        } else {
            Console.line(OutcomeTable.render(bytes: bytes, before: state, after: hardware))
            Console.line("")
            Console.line("decoded      \(instruction.isUndecodable ? "(Capstone cannot decode these bytes; the model predicts #UD)" : instruction.text)")
            Console.line("model        \(judgement.prediction.map { OutcomeTable.describe($0.outcome.exception) } ?? (targets.noModel ? "not compared (--no-model)" : "does not cover this instruction"))")
            for record in judgement.targets {
                let seen = record.outcome.map { "\(OutcomeTable.describe($0.exception)) at \(Hex.format($0.rip))" }
                    ?? record.unsupported.map { "does not cover this instruction: \($0)" } ?? "failed: \(record.error ?? "")"
                Console.line("\(record.name.count < 12 ? record.name.padding(toLength: 12, withPad: " ", startingAt: 0) : record.name) \(seen)"
                    + (record.unobserved.map { " (cannot report \($0.joined(separator: ", ")))" } ?? ""))
            }
            Console.line("verdict      \(judgement.verdict.rawValue)")
            for divergence in judgement.divergences {
                let (party, field) = Blame.split(divergence.field)
                Console.line("  \(field): cpu \(divergence.hardware), \(party) \(divergence.model) [\(divergence.class.rawValue)]")
            }
            for (party, fields) in judgement.blame.sorted(by: { $0.key < $1.key }) {
                Console.line("blame        \(party): \(fields.joined(separator: ", "))")
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
    var targets: [TargetRecord]
    var divergences: [Divergence]
    var evidence: String?
    var verdict: Verdict

    init(hardware: Outcome, prediction: Prediction?, targets: [TargetRecord] = [], divergences: [Divergence], evidence: String?,
         verdict: Verdict) {
        self.hardware = hardware
        self.prediction = prediction
        self.targets = targets
        self.divergences = divergences
        self.evidence = evidence
        self.verdict = verdict
    }

    /// Who differs from the CPU (see `Blame`).
    var blame: [String: [String]] {
        Blame.parties(divergences, modelCompared: prediction != nil, targets: targets.filter { $0.unsupported == nil }.map(\.name))
    }

    /// The judgement's result; a harness error ends the command (exit 3, or 2 for a refused case).
    init(_ judged: CaseJudge.Judged) throws {
        switch judged {
        case .harnessError(let error): throw CommandFailure(sandboxError: error)
        case .unsupported(let hardware):
            self.init(hardware: hardware, prediction: nil, divergences: [], evidence: nil, verdict: .unsupported)
        case .agreed(let hardware, let prediction, let targets):
            self.init(hardware: hardware, prediction: prediction, targets: targets, divergences: [], evidence: nil, verdict: .agree)
        case .diverged(let finding):
            self.init(hardware: finding.hardware, prediction: finding.prediction, targets: finding.targets,
                      divergences: finding.divergences, evidence: finding.evidence, verdict: .diverge)
        }
    }
}

/// The `check --json` object: `exec`'s keys plus `model`, `divergences`, `verdict` and, where a
/// re-run decided a class, `evidence`; with `--target`, `targets` (what each made of the case) and
/// `blame` (who differs from the CPU, by party).
struct CheckReport: Encodable {
    var exec: ExecReport
    var model: Outcome?
    var targets: [TargetRecord]?
    var divergences: [Divergence]
    var blame: [String: [String]]?
    var verdict: Verdict
    var evidence: String?

    init(bytes: [UInt8], before: MachineState, after: Outcome, judgement: Judgement) {
        exec = ExecReport(bytes: bytes, before: before, after: after)
        model = judgement.prediction?.outcome
        targets = judgement.targets.isEmpty ? nil : judgement.targets
        divergences = judgement.divergences
        blame = judgement.targets.isEmpty ? nil : judgement.blame
        verdict = judgement.verdict
        evidence = judgement.evidence
    }

    enum CodingKeys: String, CodingKey { case model, targets, divergences, blame, verdict, evidence }

    func encode(to encoder: any Encoder) throws {
        try exec.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encodeIfPresent(targets, forKey: .targets)
        try container.encodeIfPresent(blame, forKey: .blame)
        try container.encode(divergences, forKey: .divergences)
        try container.encode(verdict, forKey: .verdict)
        try container.encodeIfPresent(evidence, forKey: .evidence)
    }
}
