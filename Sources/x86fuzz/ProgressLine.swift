import Foundation
import Fuzzing

/// The live progress line of a campaign on stderr: redrawn in place about once a second on a
/// terminal, or written as a plain line every ten seconds into a log.
final class ProgressLine {
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastCases = 0
    private var lastElapsed: Duration = .zero
    private var lastLogged: Duration = .zero
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ statistics: CampaignStatistics, elapsed: Duration) {
        guard enabled else { return }
        let interval = (elapsed - lastElapsed).seconds
        let rate = interval > 0 ? Double(statistics.cases - lastCases) / interval : 0
        lastCases = statistics.cases
        lastElapsed = elapsed
        if !isTerminal {
            guard elapsed - lastLogged >= .seconds(10) else { return }
            lastLogged = elapsed
        }
        let line = Self.describe(statistics, elapsed: elapsed, rate: rate)
        Console.error((isTerminal ? "\r\u{1B}[K" + line : line + "\n"))
        drawn = isTerminal
    }

    /// Ends the redrawn line so that the summary starts on a fresh one.
    func finish() {
        if drawn { Console.error("\n") }
    }

    static func describe(_ statistics: CampaignStatistics, elapsed: Duration, rate: Double) -> String {
        let seconds = Int(elapsed.seconds)
        let filteredShare = statistics.cases > 0 ? 100 * Double(statistics.filteredTotal) / Double(statistics.cases) : 0
        let topReasons = statistics.filtered.sorted { $0.value > $1.value }.prefix(2).map { "\($0.key) \($0.value)" }
        return String(format: "[%02d:%02d] %d cases, %.0f/s | %d divergences, %d signatures | filtered %.0f%% (%@) | %d mnemonics",
                      seconds / 60, seconds % 60, statistics.cases, rate, statistics.diverged, statistics.signatures.count,
                      filteredShare, topReasons.joined(separator: ", "), statistics.mnemonics.count)
    }
}
