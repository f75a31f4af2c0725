import ArgumentParser
import Foundation
import Sandbox
import Fuzzing
import X86

/// `x86fuzz replay`: the corpus as a regression suite.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run every corpus entry on the CPU and the model and report what changed.",
        discussion: """
        Each entry is reported as: still-diverging (open, as recorded), still-fixed, now-agreeing (open, but \
        the model agrees now: mark it fixed), diverging-differently, regression (fixed, diverging again), \
        cpu-changed (the CPU no longer does what was recorded), other-cpu (recorded on another kind of CPU or \
        hypervisor, which does something else here: reported, not a failure) or unsupported. The CPU must \
        reproduce the recorded outcome; the model predicts with the recording CPU's profile. With --model-only \
        the model is compared with the recorded CPU outcome, without KVM. An entry that records targets (fuzz --target) \
        runs them again (they need no KVM), and one recorded with --no-model compares only them. Subdirectories of a \
        corpus directory are corpora of their own (corpus/targets/unicorn) and are replayed by naming them. \
        Exit codes: 0 every entry behaves as recorded (or is other-cpu); 1 anything regressed or changed; 2 usage errors or \
        unreadable entries (each named on stderr; the rest are still replayed).
        """
    )

    @Argument(help: "A corpus directory, or one corpus entry (a JSON file).")
    var directory: String

    @Flag(help: "Compare the model with the recorded CPU outcome; no KVM needed.")
    var modelOnly = false

    @Option(help: "Write a JUnit XML report (one test case per entry) to this file.")
    var junit: String?

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    @OptionGroup var platform: PlatformOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var executor: ExecutorOption

    @Flag(help: "Set the status of now-agreeing entries to fixed (rewriting them atomically).")
    var markFixed = false

    @Flag(help: "Also compare undefined flags that the CPU profile defines.")
    var strictUndefined = false

    func run() throws {
        for output in [junit, json].compactMap({ $0 }) {
            do { try FileAccess.checkOutput(output) } catch { throw CommandFailure.usage("cannot write \(error)") }
        }
        var status = stat()
        guard stat(directory, &status) == 0 else { throw CommandFailure.usage("cannot replay \(directory): \(FileAccess.describe(errno: errno))") }
        let isDirectory = status.st_mode & S_IFMT == S_IFDIR
        let entries: [(file: String, entry: CorpusEntry)]
        let unreadable: [CorpusReadError]
        if isDirectory {
            (entries, unreadable) = Corpus.entries(in: directory)
        } else {
            do { (entries, unreadable) = ([(directory, try Corpus.load(directory))], []) } catch { (entries, unreadable) = ([], [error]) }
        }
        let replayer: Replayer
        let (chosenPlatform, chosenProfile, kind) = (try platform.choice(), try profile.choice(), try executor.choice())
        do {
            replayer = try Replayer(modelOnly: modelOnly, strictUndefined: strictUndefined, platform: chosenPlatform,
                                    profile: chosenProfile, executor: kind)
        } catch let error as SandboxError {
            throw CommandFailure(sandboxError: error)
        } catch {
            throw CommandFailure.usage("cannot start the replay: \(error)")
        }
        let start = ContinuousClock.now
        for error in unreadable {
            Console.error("x86fuzz: skipping \(isDirectory ? directory + "/" : "")\(error.path): \(error.reason)\n")
        }
        var results: [ReplayResult] = []
        for (file, entry) in entries {
            let result = replayer.replay(entry, file: file)
            results.append(result)
            let path = isDirectory ? directory + "/" + file : directory
            Console.line("\(result.status.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(file)  \(entry.decoded)"
                + (result.status.isAsRecorded ? "" : "\n    \(result.detail)\n    to look closer: x86fuzz check --entry \(path)"))
            if markFixed, result.status == .nowAgreeing {
                var fixed = entry
                fixed.status = .fixed
                do { try FileAccess.writeAtomically([(try Corpus.encoded(fixed), path)]) } catch {
                    throw CommandFailure.usage("cannot mark \(path) fixed: \(error)")
                }
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        Console.line("replayed \(results.count) entries in \(String(format: "%.1f", seconds)) s"
            + (modelOnly ? " (model only)" : "") + ": "
            + ReplayStatus.allCases.compactMap { status in counts[status].map { "\(status.rawValue) \($0)" } }.joined(separator: ", ")
            + (unreadable.isEmpty ? "" : "; \(unreadable.count) unreadable"))
        if let junit {
            let xml = JUnitReport.xml(results: results, unreadable: unreadable, suite: "x86fuzz replay \(directory)", seconds: seconds)
            try write(Data(xml.utf8), to: junit)
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try write(try encoder.encode(results), to: json)
        }
        if !unreadable.isEmpty { throw ExitCode(CommandFailure.usageExitCode) }
        let changed = results.filter { $0.status.isFailure && !(markFixed && $0.status == .nowAgreeing) }
        if !changed.isEmpty { throw ExitCode(1) }
    }

    private func write(_ data: Data, to path: String) throws {
        do { try FileAccess.writeOutput(data, to: path) } catch { throw CommandFailure.usage("cannot write \(error)") }
    }
}
