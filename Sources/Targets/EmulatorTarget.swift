import Foundation
import X86

/// An emulator that runs the same case as the CPU, from the same state and with the same memory
/// layout, so that its outcome can be judged next to the CPU's and the model's.
public protocol EmulatorTarget: AnyObject {
    /// The name it was opened by (`unicorn`, `exec:PROGRAM`): divergences and corpus entries name it.
    var name: String { get }
    /// One step of `bytes` (the instruction at `GuestLayout.codeAddress`, `nop` filler after it)
    /// from `state`. Throws when the emulator could not run the case at all.
    func run(_ bytes: [UInt8], from state: MachineState) throws(TargetError) -> TargetOutcome
}

/// What an emulator made of one case.
public enum TargetOutcome: Sendable, Hashable {
    /// It ran the step. `unobserved` names the outcome's fields it cannot report (the comparator
    /// fields `exception.errorCode`, `exception.cr2`, `rflags`, a GPR name ...), which are not compared.
    case observed(Outcome, unobserved: [String])
    /// It does not cover this instruction (its own words say why); nothing is compared.
    case unsupported(String)
}

/// An emulator that could not be opened or could not run a case.
public struct TargetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Opens targets by the names `--target` takes.
public enum Targets {
    /// The names `--target` takes, for `--help`.
    public static let usage = "unicorn (Unicorn 2 through libunicorn.so.2, loaded at run time) or exec:PROGRAM (a plug-in speaking JSON Lines, docs/TARGETS.md)"

    /// Where `unicorn` runs: nil for this process; else a command (`x86fuzz serve-target unicorn`)
    /// that serves it from a child process, restarted after a crash. Unicorn aborts the whole
    /// process on some inputs (measured: `qemu/tcg/tcg.c:3073: tcg fatal error`), which would end
    /// a campaign; the command line sets this.
    nonisolated(unsafe) public static var unicornServer: [String]?

    /// How long a plug-in (`exec:`, and `unicorn` in its child process) may take to answer one
    /// case before the case fails and the program is killed and started again. The command line
    /// sets it (`--target-timeout`).
    nonisolated(unsafe) public static var answerTimeout: Duration = .seconds(10)

    /// A timeout as `--target-timeout` takes it: seconds, with up to three decimals.
    public static func describe(_ timeout: Duration) -> String {
        let milliseconds = milliseconds(timeout)
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }

    /// Whole milliseconds of `duration`, rounded down.
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// `unicorn` or `exec:PROGRAM`. Throws, with one line saying why, when the name is unknown,
    /// the library is missing or the program cannot be started.
    public static func open(_ name: String) throws(TargetError) -> EmulatorTarget {
        if name == UnicornTarget.name {
            guard let server = unicornServer, let executable = server.first else { return try UnicornTarget() }
            _ = try UnicornLibrary.load()
            // No crash report from the child: its abort is reported as the case's error.
            return try ExecTarget(name: name, executable: URL(fileURLWithPath: executable), arguments: Array(server.dropFirst()),
                                  environment: ["SWIFT_BACKTRACE": "enable=no"])
        }
        if name.hasPrefix(ExecTarget.prefix) {
            let program = String(name.dropFirst(ExecTarget.prefix.count))
            guard !program.isEmpty else { throw TargetError("--target exec: needs a program, as in exec:scripts/example-target.py") }
            return try ExecTarget(program: program)
        }
        throw TargetError("unknown target '\(name)': give \(usage)")
    }
}
