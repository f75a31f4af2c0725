import ArgumentParser
import Dispatch
import Foundation
import Fuzzing
import Sandbox
import Generation
import X86

/// `x86fuzz fuzz`: a campaign on every core, with a live progress line and a summary.
struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a fuzzing campaign: random instructions on the CPU and the model, divergences into a corpus.",
        discussion: """
        Without a budget the campaign runs for 30 seconds. Case i of a seed is the same on every machine, \
        so the same --seed, --shard and --cases always run the same cases, whatever --jobs or --executor is. \
        With --target, every case runs on each emulator too and is compared with the CPU (class target); the \
        summary counts the diverging cases by who differs from the CPU, and --no-model compares the targets only, \
        on every family the filter lets through, covered by the model or not. \
        Ctrl-C (SIGINT), SIGTERM or SIGHUP finishes the cases in flight, writes the corpus and the summary, and exits 0. \
        Exit codes: 0 the campaign ran (divergences are in the summary and the corpus); 2 bad options or no KVM; \
        3 no worker could start.
        """
    )

    @Option(parsing: .unconditional, help: "Campaign seed: decimal or 0x hex.")
    var seed = "0"

    @Option(parsing: .unconditional, help: "Run for this long: 90, 90s, 10m or 2h (at most 366 days).")
    var duration: String?

    @Option(parsing: .unconditional, help: "Run exactly this many cases (of this shard).")
    var cases: String?

    @Option(parsing: .unconditional, help: "Worker threads, one VM each, 1 to 256 (default: every core).")
    var jobs = String(ProcessInfo.processInfo.activeProcessorCount)

    @Option(parsing: .unconditional, help: "Run shard i of n: global case index = local index * n + i.")
    var shard = "0/1"

    @Option(parsing: .singleValue, help: "Instruction families or mnemonics to focus on (comma-separated, repeatable).")
    var focus: [String] = []

    @Option(help: "Corpus directory for the divergences (created if missing).")
    var corpus = "findings"

    @Option(help: "Write the summary as JSON to this file too.")
    var stats: String?

    @Flag(help: "Also compare undefined flags that the CPU profile defines.")
    var strictUndefined = false

    @OptionGroup var platform: PlatformOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var executor: ExecutorOption
    @OptionGroup var targets: TargetOptions

    @Flag(help: "No progress line (for logs).")
    var quiet = false

    @Option(help: ArgumentHelp("Report every case of these mnemonics as diverging (class model, field injected): a test aid for the corpus.",
                               visibility: .hidden))
    var injectDivergence: [String] = []

    func run() throws {
        let options = try campaignOptions()
        _ = try TargetOptions.open(options.targets)
        BatchSandbox.keepBuffersInTheHeap()
        if let stats {
            do { try FileAccess.checkOutput(stats) } catch { throw CommandFailure.usage("cannot write --stats \(error)") }
        }
        let corpusStore: Corpus
        do { corpusStore = try Corpus(directory: URL(fileURLWithPath: corpus)) } catch {
            throw CommandFailure.usage("cannot use corpus directory \(corpus): \(error)")
        }
        for problem in corpusStore.unreadable {
            Console.error("x86fuzz: skipping \(corpus)/\(problem.path): \(problem.reason) (left as it is)\n")
        }
        _ = try SandboxRunner.open()
        let campaign = Campaign(options: options, corpus: corpusStore)
        let stopSources = [SIGINT, SIGTERM, SIGHUP].map { signalNumber -> DispatchSourceSignal in
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
        let writeFailure = campaign.corpusWriteFailure.map { "the campaign stopped: cannot write the corpus: \($0)" }
        let summary = CampaignSummary(options: options, environment: campaign.environment, statistics: statistics,
                                      seconds: (ContinuousClock.now - start).seconds, findings: campaign.findings,
                                      corpus: corpus,
                                      corpusProblems: corpusStore.unreadable.map { "skipped \(corpus)/\($0.path): \($0.reason)" }
                                          + (writeFailure.map { [$0] } ?? []),
                                      timeline: campaign.timeline)
        Console.line(summary.text)
        if let stats {
            do { try FileAccess.writeOutput(try summary.json(), to: stats) } catch {
                throw CommandFailure.usage("cannot write --stats \(error)")
            }
        }
        if let writeFailure { throw CommandFailure.usage(writeFailure) }
    }

    private func campaignOptions() throws -> Campaign.Options {
        let seedValue = try FrontHalfArguments.seed(seed)
        let budget: Campaign.Budget
        switch (duration, cases) {
        case (.some, .some): throw CommandFailure.usage("give --duration or --cases, not both")
        case (let text?, nil):
            do { budget = .duration(try InputValues.duration(text)) } catch { throw CommandFailure.usage(error) }
        case (nil, let text?): budget = .cases(try FrontHalfArguments.count(text, option: "--cases"))
        case (nil, nil): budget = .duration(.seconds(30))
        }
        let jobs = try FrontHalfArguments.count(jobs, option: "--jobs", limit: 256)
        let shard: (index: Int, count: Int)
        do { shard = try InputValues.shard(self.shard) } catch { throw CommandFailure.usage(error) }
        return Campaign.Options(seed: seedValue, shardIndex: shard.index, shardCount: shard.count, budget: budget, jobs: jobs,
                                focus: try FrontHalfArguments.focus(focus), strictUndefined: strictUndefined,
                                platform: try platform.choice() ?? .detected, injectedDivergences: Set(injectDivergence.flatMap { $0.split(separator: ",").map(String.init) }),
                                profile: try profile.choice(), executor: try executor.choice(),
                                targets: try targets.validated(), comparesModel: !targets.noModel)
    }
}
