import ArgumentParser
import Fuzzing

/// `--executor batch|single-step`, shared by fuzz, replay, check, exec and bench exec.
struct ExecutorOption: ParsableArguments {
    @Option(name: .customLong("executor"), parsing: .unconditional,
            help: "batch (many cases per KVM_RUN; what the batch cannot run exactly goes to the single-step path) or single-step (one KVM_RUN per case).")
    var text = ExecutorKind.batch.rawValue

    /// The chosen executor.
    func choice() throws -> ExecutorKind {
        do { return try ExecutorKind.option(text) } catch { throw CommandFailure.usage(error) }
    }
}
