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

    /// Checks the options without opening anything: `--no-model` needs a target, a name is given once.
    func validated() throws -> [String] {
        if noModel && names.isEmpty { throw CommandFailure.usage("--no-model needs at least one --target: there would be nothing to compare") }
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw CommandFailure.usage("--target \(twice) is given twice")
        }
        return names
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
