import Foundation
import Generation
import Sandbox
import Semantics
import Synchronization
import Targets
import X86

/// A fuzzing campaign: workers (one thread and one VM each) pull case indices from a shared
/// counter until the budget is spent or a stop is requested, and record every divergence.
///
/// Case `i` of shard `k/N` is global case `i * N + k`, a pure function of the seed; so the
/// same seed, shard and case budget always run the same cases, whatever the number of jobs.
public final class Campaign: @unchecked Sendable {
    public enum Budget: Sendable {
        case cases(Int)
        case duration(Duration)
    }

    /// Everything a campaign is run with.
    public struct Options: Sendable {
        public var seed: UInt64
        public var shardIndex: Int
        public var shardCount: Int
        public var budget: Budget
        public var jobs: Int
        public var focus: Focus?
        public var strictUndefined: Bool
        /// The platform whose artefacts are classed `harness`.
        public var platform: Platform
        /// Mnemonics reported as diverging on every case (see `CaseRunner`); a test aid.
        public var injectedDivergences: Set<String>
        /// The CPU profile the model uses (`--profile FILE`); nil for the one detected.
        public var profile: CPUProfile?
        /// Which path runs the cases on the CPU.
        public var executor: ExecutorKind
        /// The emulators (`--target` names) every case runs on too; each worker opens its own.
        public var targets: [String]
        /// False for `--no-model`: only the targets are compared with the CPU.
        public var comparesModel: Bool

        public init(seed: UInt64, shardIndex: Int = 0, shardCount: Int = 1, budget: Budget, jobs: Int,
                    focus: Focus? = nil, strictUndefined: Bool = false, platform: Platform = .detected,
                    injectedDivergences: Set<String> = [], profile: CPUProfile? = nil, executor: ExecutorKind = .batch,
                    targets: [String] = [], comparesModel: Bool = true) {
            self.seed = seed
            self.shardIndex = shardIndex
            self.shardCount = shardCount
            self.budget = budget
            self.jobs = jobs
            self.focus = focus
            self.strictUndefined = strictUndefined
            self.platform = platform
            self.injectedDivergences = injectedDivergences
            self.profile = profile
            self.executor = executor
            self.targets = targets
            self.comparesModel = comparesModel
        }

        /// Case indices a worker takes at a time: a batch's worth (about 70% of them reach the CPU),
        /// or a few on the single-step path.
        var chunk: Int { executor == .batch ? 512 : 32 }

        /// `index/count`, as it appears in corpus entries.
        public var shard: String { "\(shardIndex)/\(shardCount)" }
    }

    /// How often the hit counters of known signatures are written (each write rewrites an entry;
    /// new signatures are written at once regardless). A SIGKILL loses at most this much counting.
    static let hitFlushInterval: Duration = .seconds(30)

    public let options: Options
    public let environment: HostEnvironment
    private let model: ReferenceModel
    private let corpus: Corpus?
    /// The corpus directory as it was given, for the clusters' `check --entry` commands.
    private let corpusName: String
    private let nextCase = Atomic<Int>(0)
    private let stopRequested = Atomic<Bool>(false)
    private let statistics = Mutex(CampaignStatistics())
    private let firstError = Mutex<String?>(nil)
    private var timelineSoFar = CampaignTimeline()
    private let writeFailure = Mutex<FileError?>(nil)
    /// One finding per signature (the first 1,000 signatures), for the summary.
    private let recentFindings = Mutex<(hashes: Set<String>, findings: [Finding])>(([], []))

    public init(options: Options, environment: HostEnvironment = .current, corpus: Corpus?) {
        self.options = options
        self.environment = environment
        self.corpus = corpus
        corpusName = corpus?.directory.relativePath ?? "corpus"
        model = ReferenceModel(profile: options.profile ?? environment.profile)
    }

    /// Asks the workers to stop after the case each is running (safe from a signal source).
    public func requestStop() { stopRequested.store(true, ordering: .relaxed) }

    /// The counters so far.
    public var snapshot: CampaignStatistics { statistics.withLock { $0 } }

    /// Runs the campaign to its end; `progress` is called about once a second on the calling
    /// thread. Returns the final counters; throws when a worker could not start at all. A failed
    /// corpus write stops it early (see `corpusWriteFailure`) but still returns the counters.
    public func run(progress: (CampaignStatistics, Duration) -> Void) throws(CampaignError) -> CampaignStatistics {
        let start = ContinuousClock.now
        let deadline: ContinuousClock.Instant? = if case .duration(let duration) = options.budget { start + duration } else { nil }
        let finished = Atomic<Int>(0)
        var threads: [Thread] = []
        for _ in 0..<options.jobs {
            let thread = Thread { [self] in
                work(deadline: deadline)
                finished.add(1, ordering: .releasing)
            }
            thread.stackSize = 4 << 20
            threads.append(thread)
            thread.start()
        }
        var lastProgress = ContinuousClock.now
        var lastFlush = lastProgress
        while finished.load(ordering: .acquiring) < options.jobs {
            Thread.sleep(forTimeInterval: 0.1)
            let now = ContinuousClock.now
            if now - lastProgress >= .seconds(1) {
                let counts = snapshot
                timelineSoFar.sample(at: (now - start).seconds, counts)
                progress(counts, now - start)
                lastProgress = now
            }
            if now - lastFlush >= Campaign.hitFlushInterval {
                flushCorpus()
                lastFlush = now
            }
        }
        flushCorpus()
        let counts = snapshot
        timelineSoFar.sample(at: (ContinuousClock.now - start).seconds, counts, last: true)
        progress(counts, ContinuousClock.now - start)
        if let error = firstError.withLock({ $0 }), snapshot.cases == 0 { throw CampaignError(message: error) }
        return snapshot
    }

    /// The counts over the run so far, sampled about once a second (read after `run`).
    public var timeline: CampaignTimeline { timelineSoFar }


    /// The first corpus write that failed (a full disk, a file in the way): the campaign stopped
    /// after the cases in flight, and everything else it had is still reported.
    public var corpusWriteFailure: FileError? { writeFailure.withLock { $0 } }

    private func flushCorpus() {
        do { try corpus?.flush() } catch { stop(after: error) }
    }

    private func stop(after failure: FileError) {
        writeFailure.withLock { $0 = $0 ?? failure }
        requestStop()
    }

    /// Findings recorded so far, newest last (kept for the summary; capped).
    public var findings: [Finding] { recentFindings.withLock { $0.findings } }

    private func work(deadline: ContinuousClock.Instant?) {
        let runner: CaseRunner
        do {
            runner = try CaseRunner(seed: options.seed, focus: options.focus, model: model,
                                    comparator: Comparator(strictUndefined: options.strictUndefined, platform: options.platform),
                                    injectedDivergences: options.injectedDivergences, executor: options.executor,
                                    targets: try options.targets.map { name throws(TargetError) in try Targets.open(name) },
                                    comparesModel: options.comparesModel)
        } catch {
            firstError.withLock { $0 = $0 ?? "\(error)" }
            return
        }
        var local = CampaignStatistics()
        var recording = Duration.zero
        while !stopRequested.load(ordering: .relaxed) {
            if let deadline, ContinuousClock.now >= deadline { break }
            let indices = takeCases()
            if indices.isEmpty { break }
            let results = runner.run(caseIndices: indices)
            let start = ContinuousClock.now
            for result in results {
                local.record(result, corpus: corpusName)
                if case .diverged(let finding) = result { record(finding, into: &local) }
            }
            recording += ContinuousClock.now - start
            publish(&local)
        }
        local.stageTimes = runner.stageTimes
        local.stageTimes.record = recording
        local.executorCounters = runner.executorCounters
        publish(&local, final: true)
    }

    /// The next chunk of this shard's cases, as global indices: empty when the budget is spent.
    private func takeCases() -> [UInt64] {
        let chunk = options.chunk
        let first = nextCase.add(chunk, ordering: .relaxed).oldValue
        var end = first + chunk
        if case .cases(let limit) = options.budget { end = min(end, limit) }
        guard first < end else { return [] }
        // A shard's cases end where their global index would pass 2^64 - 1.
        return (first..<end).compactMap { Self.globalIndex($0, shardIndex: options.shardIndex, shardCount: options.shardCount) }
    }

    /// Global case `index * shardCount + shardIndex`, or nil past 2^64 - 1.
    static func globalIndex(_ index: Int, shardIndex: Int, shardCount: Int) -> UInt64? {
        let (product, overflow) = UInt64(index).multipliedReportingOverflow(by: UInt64(shardCount))
        let (sum, carry) = product.addingReportingOverflow(UInt64(shardIndex))
        return overflow || carry ? nil : sum
    }

    private func record(_ finding: Finding, into local: inout CampaignStatistics) {
        recentFindings.withLock { recent in
            if recent.findings.count < 1000, recent.hashes.insert(finding.signature.hash).inserted { recent.findings.append(finding) }
        }
        guard let corpus else { return }
        let origin = CorpusEntry.Origin(seed: options.seed, caseIndex: finding.caseIndex, shard: options.shard)
        do {
            let isNew = try corpus.record(signature: finding.signature) {
                CorpusEntry(finding: finding, environment: environment, origin: origin, firstSeen: Date())
            }
            if isNew { local.newSignatures.insert(finding.signature.hash) }
        } catch {
            stop(after: error)
        }
    }

    /// Adds a worker's counts to the campaign's. Coverage and clusters stay with the worker until
    /// its `final` publish: merging them every chunk would cost more than counting them.
    private func publish(_ local: inout CampaignStatistics, final: Bool = false) {
        var counts = local
        local = CampaignStatistics()
        if !final {
            swap(&local.coverage, &counts.coverage)
            swap(&local.clusters, &counts.clusters)
        }
        statistics.withLock { $0.merge(counts) }
    }
}

/// A campaign that could not run (no worker could start).
public struct CampaignError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
