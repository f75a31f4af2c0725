import ArgumentParser
import Fuzzing
import Semantics

/// `--profile FILE`, shared by fuzz, check and replay: a CPU profile (as `profile learn` writes
/// it) for the model instead of the detected one.
struct ProfileOption: ParsableArguments {
    @Option(name: .customLong("profile"), parsing: .unconditional,
            help: "A CPU profile file (see `x86fuzz profile`) for the model instead of the one detected.")
    var path: String?

    /// The profile the file holds, or nil when no file was given.
    func choice() throws -> CPUProfile? {
        guard let path else { return nil }
        do { return try ProfileFile.load(path) } catch { throw CommandFailure.usage(error) }
    }
}
