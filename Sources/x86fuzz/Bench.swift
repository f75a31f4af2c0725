import ArgumentParser

/// `x86fuzz bench`: throughput benchmarks that print numbers (never timed tests).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput of a pipeline stage on one core.",
        subcommands: [BenchExec.self, BenchGenerate.self, BenchModel.self]
    )

    /// The most cases or evaluations a benchmark takes: days of work at any rate measured here.
    static let largestCount = 1_000_000_000_000
}
