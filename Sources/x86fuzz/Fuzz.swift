import ArgumentParser
import Dispatch
import Foundation
import Fuzzing
import Generation
import X86

/// `x86fuzz fuzz`: a campaign on every core, with a live progress line and a summary.
struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a fuzzing campaign: random instructions on the CPU and the model, divergences into a corpus.",
        discussion: """
        Without a budget the campaign runs for 30 seconds. Case i of a seed is the same on every machine, \
        so the same --seed, --shard and --cases always run the same cases, whatever --jobs is. \
        Ctrl-C (SIGINT or SIGTERM) finishes the cases in flight, writes the corpus and the summary, and exits 0. \
        Exit codes: 0 the campaign ran (divergences are in the summary and the corpus); 2 bad options or no KVM; \
        3 no worker could start.
        """
    )

    @Option(parsing: .unconditional, help: "Campaign seed: decimal or 0x hex.")
    var seed = "0"

    @Option(help: "Run for this long: 90, 90s, 10m or 2h.")
    var duration: String?

    @Option(help: "Run exactly this many cases (of this shard).")
    var cases: String?

    @Option(help: "Worker threads, one VM each (default: every core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run shard i of n: global case index = local index * n + i.")
    var shard = "0/1"

    @Option(parsing: .singleValue, help: "Instruction families or mnemonics to focus on (comma-separated, repeatable).")
    var focus: [String] = []

    @Option(help: "Corpus directory for the divergences (created if missing).")
    var corpus = "findings"

    @Option(help: "Write the summary as JSON to this file too.")
    var stats: String?

    @Flag(help: "Also compare undefined flags that the CPU profile defines.")
    var strictUndefined = false

    @Flag(help: "No progress line (for logs).")
    var quiet = false

    @Option(help: ArgumentHelp("Report every case of these mnemonics as diverging (class model, field injected): a test aid for the corpus.",
                               visibility: .hidden))
    var injectDivergence: [String] = []

    func run() throws {
        let options = try campaignOptions()
        let corpusStore: Corpus
        do { corpusStore = try Corpus(directory: URL(fileURLWithPath: corpus)) } catch {
            throw CommandFailure.usage("cannot use corpus directory \(corpus): \(error.localizedDescription)")
        }
        _ = try SandboxRunner.open()
        let campaign = Campaign(options: options, corpus: corpusStore)
        let stopSources = [SIGINT, SIGTERM].map { signalNumber -> DispatchSourceSignal in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { campaign.requestStop() }
            source.resume()
            return source
        }
        let progress = ProgressLine(enabled: !quiet)
        let statistics: CampaignStatistics
        let start = ContinuousClock.now
        do {
            statistics = try campaign.run { snapshot, elapsed in progress.show(snapshot, elapsed: elapsed) }
        } catch {
            throw CommandFailure(message: "campaign could not start: \(error)", exitCode: CommandFailure.harnessExitCode)
        }
        progress.finish()
        stopSources.forEach { $0.cancel() }
        let summary = CampaignSummary(options: options, environment: campaign.environment, statistics: statistics,
                                      seconds: (ContinuousClock.now - start).seconds, findings: campaign.findings,
                                      corpus: corpus)
        print(summary.text)
        if let stats {
            do { try summary.write(to: URL(fileURLWithPath: stats)) } catch {
                throw CommandFailure.usage("cannot write --stats \(stats): \(error.localizedDescription)")
            }
        }
    }

    private func campaignOptions() throws -> Campaign.Options {
        let seedValue = try FrontHalfArguments.seed(seed)
        let budget: Campaign.Budget
        switch (duration, cases) {
        case (.some, .some): throw CommandFailure.usage("give --duration or --cases, not both")
        case (let text?, nil): budget = .duration(try Self.parseDuration(text))
        case (nil, let text?): budget = .cases(try FrontHalfArguments.count(text, option: "--cases"))
        case (nil, nil): budget = .duration(.seconds(30))
        }
        guard jobs >= 1, jobs <= 256 else { throw CommandFailure.usage("--jobs \(jobs) must be between 1 and 256") }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, index >= 0, index < count else {
            throw CommandFailure.usage("--shard '\(shard)' must be i/n with 0 <= i < n")
        }
        return Campaign.Options(seed: seedValue, shardIndex: index, shardCount: count, budget: budget, jobs: jobs,
                                focus: try FrontHalfArguments.focus(focus), strictUndefined: strictUndefined,
                                injectedDivergences: Set(injectDivergence.flatMap { $0.split(separator: ",").map(String.init) }))
    }

    /// `90`, `90s`, `10m`, `2h` (positive).
    static func parseDuration(_ text: String) throws -> Duration {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var number = text.trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        if let last = number.last, let unit = units[last] {
            scale = unit
            number.removeLast()
        }
        guard let value = Double(number), value > 0, value.isFinite else {
            throw CommandFailure.usage("--duration '\(text)' is not a duration like 90, 90s, 10m or 2h")
        }
        return .milliseconds(Int64(value * scale * 1000))
    }
}
