/// Where a worker's time goes, per stage of the pipeline, so that whichever stage limits a
/// campaign shows in its summary (`fuzz` prints microseconds per case, `--stats` has them).
public struct StageTimes: Sendable, Codable, Equatable {
    /// Generate, decode, filter and check the focus.
    public var front: Duration = .zero
    /// Randomize the initial state.
    public var state: Duration = .zero
    /// The CPU: batches and single-step runs (first runs, confirmations, relocations).
    public var execute: Duration = .zero
    /// The model and the comparison.
    public var judge: Duration = .zero
    /// Statistics and the corpus.
    public var record: Duration = .zero

    public init() {}

    /// The stages in pipeline order, with their names in summaries.
    public var stages: [(name: String, time: Duration)] {
        [("front", front), ("state", state), ("execute", execute), ("judge", judge), ("record", record)]
    }

    mutating func merge(_ other: StageTimes) {
        front += other.front
        state += other.state
        execute += other.execute
        judge += other.judge
        record += other.record
    }

    /// Runs `body`, adding its time to the stage at `stage`.
    @inline(__always)
    mutating func time<T>(_ stage: WritableKeyPath<StageTimes, Duration>, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { self[keyPath: stage] += ContinuousClock.now - start }
        return try body()
    }
}
