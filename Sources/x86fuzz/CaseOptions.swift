import ArgumentParser
import Fuzzing
import X86

/// The options that describe one case: the instruction's bytes and its initial state, given
/// directly or as a corpus entry's case. Shared by `exec` and `check`.
struct CaseOptions: ParsableArguments {
    @Argument(help: "The instruction's bytes in hex, 1 to 15 of them (e.g. 4801d8 or '48 01 d8'); or give --entry.")
    var hex: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Run a corpus entry's case: its bytes and initial state (--set and --memory then apply on top).",
                               valueName: "file"))
    var entry: String?

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Set a register: \(MachineState.assignableNames). Repeatable.",
                               valueName: "reg=value"))
    var assignments: [String] = []

    @Option(name: .customLong("memory"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Put bytes into the data window before the run. Repeatable; later ones win.",
                               valueName: "addr=hex"))
    var patches: [String] = []

    @Option(name: .customLong("data-seed"), parsing: .unconditional,
            help: "Seed of the data window's contents (decimal or 0x hex; default 0, or the entry's).")
    var dataSeed: String?

    /// The corpus entry of `--entry`, read and validated.
    private func loadEntry(_ path: String) throws -> CorpusEntry {
        do { return try Corpus.load(path) } catch { throw CommandFailure.usage("cannot use --entry \(error)") }
    }

    /// The case: the instruction's bytes (hex, 1 to 15 of them, or the entry's) and its initial
    /// state (the entry's or the documented defaults, then every `--set`, `--memory` and the seed).
    /// An entry file is read once.
    func testCase() throws -> (bytes: [UInt8], state: MachineState) {
        switch (hex, entry) {
        case (nil, nil): throw CommandFailure.usage("give the instruction's bytes in hex, or --entry FILE")
        case (.some, .some): throw CommandFailure.usage("give the instruction's bytes or --entry FILE, not both")
        case (nil, let path?):
            let entry = try loadEntry(path)
            return (entry.bytes.bytes, try state(from: entry.initialState))
        case (let hex?, nil): return (try Self.bytes(hex), try state(from: .defaults))
        }
    }

    private static func bytes(_ hex: String) throws -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try Hex.parseBytes(hex) } catch { throw CommandFailure.usage("bad instruction bytes: \(error)") }
        guard bytes.count <= 15 else {
            throw CommandFailure.usage("an x86 instruction has at most 15 bytes; '\(hex)' has \(bytes.count)")
        }
        return bytes
    }

    private func state(from initial: MachineState) throws -> MachineState {
        var state = initial
        for assignment in assignments {
            do { try state.assign(assignment) } catch { throw CommandFailure.usage(error.description) }
        }
        if let dataSeed { state.dataSeed = try FrontHalfArguments.seed(dataSeed, option: "--data-seed") }
        for patch in patches {
            do { state.memoryPatches.append(try InputValues.memoryPatch(patch)) } catch { throw CommandFailure.usage(error) }
        }
        if let problem = CaseValidation.problem(state: state) { throw CommandFailure.usage(problem) }
        return state
    }
}
