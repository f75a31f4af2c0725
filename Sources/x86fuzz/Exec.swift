import ArgumentParser
import Decoding
import Foundation
import Fuzzing
import Sandbox
import Targets
import X86

/// `x86fuzz exec`: runs one instruction on the CPU and prints what it did.
struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one instruction for one step on the CPU (KVM) and print its outcome.",
        discussion: """
        Registers not set with --set start at: rax..r15 = 0 except rsp = \(Hex.format(MachineState.defaultRSP)) \
        (the middle of the data window), rflags = 0x202, xmm/ymm = 0, mxcsr = 0x1f80, fcw = 0x37f, fsw = 0, \
        ftw = 0 (the abridged tag: every x87 register empty), st0..st7 = 0, fop = fip = fdp = 0 (the x87 \
        pointers, which this CPU reports only while an unmasked exception is pending). stN is stack \
        position N, mmN physical register N (through the TOP of fsw when --set applies it: set fsw first). \
        The instruction sits at \(Hex.format(GuestLayout.codeAddress)); the data window is \
        \(Hex.format(GuestLayout.dataBase))..\(Hex.format(GuestLayout.dataRange.upperBound - 1)), \
        filled from --data-seed. The harness adds RFLAGS.TF and strips TF and RF from what it reports.
        """
    )

    @OptionGroup var testCase: CaseOptions
    @OptionGroup var executor: ExecutorOption

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func run() throws {
        let (bytes, state) = try testCase.testCase()
        let outcome = try SandboxRunner.run(bytes, from: state, on: try executor.choice())
        if json {
            try JSONOutput.print(ExecReport(bytes: bytes, before: state, after: outcome))
        } else {
            Console.line(OutcomeTable.render(bytes: bytes, before: state, after: outcome))
        }
    }
}

/// Opens a sandbox and runs or judges one case, mapping sandbox errors to exit codes.
enum SandboxRunner {
    static func open() throws -> Sandbox {
        do { return try Sandbox() } catch { throw CommandFailure(sandboxError: error) }
    }

    static func openBatch() throws -> BatchExecutor {
        do { return try BatchExecutor() } catch { throw CommandFailure(sandboxError: error) }
    }

    /// Runs `bytes` from `state`. The batch executor runs it in a batch of one when the bytes are
    /// exactly one instruction Capstone decodes and `BatchPlan` allows it, else single-step.
    static func run(_ bytes: [UInt8], from state: MachineState, on kind: ExecutorKind) throws -> Outcome {
        let result: Result<Outcome, SandboxError>
        if kind == .batch, let instruction = try? InstructionDecoder().decode(bytes), instruction.bytes == bytes {
            result = try openBatch().run([(instruction, state)], observeAllVectorState: true)[0].result
        } else {
            let sandbox = try open()
            result = Result { () throws(SandboxError) in try sandbox.run(bytes, from: state) }
        }
        do { return try result.get() } catch { throw CommandFailure(sandboxError: error) }
    }

    /// Judges one case on the chosen executor.
    static func judge(_ instruction: Instruction, from state: MachineState, with judge: CaseJudge,
                      on kind: ExecutorKind) throws -> CaseJudge.Judged {
        switch kind {
        case .singleStep:
            return judge.judge(instruction, from: state, on: LiveExecutor(sandbox: try open()))
        case .batch:
            var checked: Set<String> = []
            return try openBatch().judge([(instruction, state, 0)], with: judge, checked: &checked)[0]
        }
    }
}

extension CommandFailure {
    /// A sandbox error: a harness error exits 3, an unusable environment or a bad case exits 2.
    init(sandboxError error: SandboxError) {
        self.init(message: error.description, exitCode: error.isHarnessError ? Self.harnessExitCode : Self.usageExitCode)
    }
}

/// The `exec --json` object. Its keys are a contract that scripts rely on.
/// `instruction` and `layout` are the objects a plug-in target receives too.
struct ExecReport: Encodable {
    var instruction: TargetRequest.InstructionBytes
    var layout = TargetRequest.Layout()
    var before: MachineState
    var after: Outcome

    init(bytes: [UInt8], before: MachineState, after: Outcome) {
        instruction = TargetRequest.InstructionBytes(bytes)
        self.before = before
        self.after = after
    }
}

/// Prints a value as sorted, indented JSON on stdout.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Console.line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
