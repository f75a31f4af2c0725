import ArgumentParser
import Fuzzing
import Targets

/// `--target NAME` (repeatable) and `--no-model`: the emulators that run each case next to the CPU,
/// and whether the model is compared too. Shared by `check` and `fuzz`.
struct TargetOptions: ParsableArguments {
    @Option(name: .customLong("target"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Also run each case on an emulator and compare it with the CPU: \(Targets.usage). Repeatable.",
                               valueName: "name"))
    var names: [String] = []

    @Flag(help: "Do not compare the model: the CPU against the targets only (needs --target). Instructions the model does not cover are run too.")
    var noModel = false

    @Option(help: ArgumentHelp("How long a target may take to answer one case (seconds, up to 86400): past it the case fails "
                               + "as a divergence NAME:outcome and the target's process is killed and started again.",
                               valueName: "seconds"))
    var targetTimeout: String = "10"

    /// Checks the options without opening anything (`--no-model` needs a target, a name is given
    /// once, the timeout is a number of seconds) and sets the targets' answer timeout.
    func validated() throws -> [String] {
        if noModel && names.isEmpty { throw CommandFailure.usage("--no-model needs at least one --target: there would be nothing to compare") }
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw CommandFailure.usage("--target \(twice) is given twice")
        }
        Targets.answerTimeout = try Self.timeout(targetTimeout)
        return names
    }

    /// Seconds with up to three decimals, above zero and at most a day.
    static func timeout(_ text: String) throws -> Duration {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              !parts[0].isEmpty, parts[0].count <= 5, parts.count == 1 || (1...3).contains(parts[1].count),
              let seconds = Int(parts[0]) else {
            throw CommandFailure.usage("--target-timeout '\(text)': give seconds, as in 10 or 0.5")
        }
        let milliseconds = seconds * 1000 + (parts.count == 2 ? Int(parts[1].padding(toLength: 3, withPad: "0", startingAt: 0))! : 0)
        guard milliseconds > 0, milliseconds <= 86_400_000 else {
            throw CommandFailure.usage("--target-timeout '\(text)': give more than 0 and at most 86400 seconds")
        }
        return .milliseconds(milliseconds)
    }

    /// Opens every target; one that cannot be opened is a usage error (exit 2) saying why.
    func open() throws -> [EmulatorTarget] {
        try Self.open(try validated())
    }

    static func open(_ names: [String]) throws -> [EmulatorTarget] {
        try names.map { name in
            do throws(TargetError) { return try Targets.open(name) } catch { throw CommandFailure.usage(error.message) }
        }
    }
}
