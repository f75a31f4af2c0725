import ArgumentParser
import Foundation

/// The `x86fuzz` command line: a differential fuzzer of x86-64 instruction semantics.
@main
struct X86Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x86fuzz",
        abstract: "Differential fuzzer of x86-64 instruction semantics: the CPU (through KVM) against a model.",
        discussion: """
        Exit codes: 0 success; 1 the command ran and found something (a divergence, a regression);
        2 bad input or an unusable environment (bad hex, unknown register, missing /dev/kvm ...);
        3 a harness error (the VM misbehaved).
        Set X86FUZZ_KVM_DEVICE to use another KVM device than /dev/kvm.
        """,
        subcommands: [Fuzz.self, Replay.self, Minimize.self, Report.self, Exec.self, Check.self, Generate.self, Bench.self]
    )

    /// Runs the command line, mapping every error to a one-line message and a documented exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("x86fuzz: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data("\(message)\n".utf8))
            Foundation.exit(code == .validationFailure ? CommandFailure.usageExitCode : code.rawValue)
        }
    }
}
