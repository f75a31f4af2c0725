import ArgumentParser
import Foundation
import Targets

/// The `x86fuzz` command line: a differential fuzzer of x86-64 instruction semantics.
@main
struct X86Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x86fuzz",
        abstract: "Differential fuzzer of x86-64 instruction semantics: the CPU (through KVM) against a model.",
        discussion: """
        Exit codes: 0 success; 1 the command ran and found something (a divergence, a regression);
        2 bad input or an unusable environment (bad hex, unknown register, missing /dev/kvm, an output
        that cannot be written ...), always with one line on stderr; 3 a harness error (the VM misbehaved).
        Set X86FUZZ_KVM_DEVICE to use another KVM device than /dev/kvm.
        """,
        subcommands: [Fuzz.self, Replay.self, Minimize.self, Report.self, CorpusCommand.self, Exec.self, Check.self, Length.self, Hunt.self, Generate.self, FormsCommand.self, ProfileCommand.self, Bench.self, ServeTarget.self]
    )

    /// Runs the command line, mapping every error to a one-line message and a documented exit code.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            // Unicorn runs in a child process (this binary's serve-target), except in that child.
            if !(command is ServeTarget) { Targets.unicornServer = ["/proc/self/exe", "serve-target", "unicorn"] }
            try command.run()
            finish(0)
        } catch let code as ExitCode {
            finish(code.rawValue)
        } catch let failure as CommandFailure {
            Console.error("x86fuzz: \(failure.message)\n")
            finish(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Console.line(fullMessage(for: error))
                finish(0)
            }
            Console.error("x86fuzz: \(oneLine(message(for: error))) (see --help)\n")
            finish(code == .validationFailure ? CommandFailure.usageExitCode : code.rawValue)
        }
    }

    /// Exits with `code`, or with 2 when standard output could not be written.
    private static func finish(_ code: Int32) -> Never {
        if let failure = Console.outputFailure {
            Console.error("x86fuzz: cannot write standard output: \(failure)\n")
            Foundation.exit(CommandFailure.usageExitCode)
        }
        Foundation.exit(code)
    }

    /// The argument parser's message on one line: its first line, without the "Error: " prefix.
    static func oneLine(_ message: String) -> String {
        let first = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
        return first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
    }
}
