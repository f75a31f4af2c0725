import ArgumentParser
import Decoding
import Foundation
import Generation
import X86

/// `x86fuzz bench generate`: cases per second of the front half (generate, decode, filter) on
/// one core, for the whole pipeline and per stage. The target is 200,000 cases/s, so that the
/// front half never limits a campaign.
struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Measure cases per second of generate, decode and filter on one core.",
        discussion: "Runs batches of 4096 cases of the default mix for about --seconds (or exactly --cases), "
            + "timing each stage separately. Measure a release build (swift build -c release)."
    )

    @Option(parsing: .unconditional, help: "Campaign seed: decimal or 0x-prefixed hex.")
    var seed = "1"

    @Option(parsing: .unconditional, help: "Run for about this many seconds, at most a day (ignored with --cases).")
    var seconds = 2.0

    @Option(parsing: .unconditional, help: "Run exactly this many cases instead.")
    var cases: String?

    @Flag(help: "Print a JSON object with casesPerSecond, cases, seconds, per-stage rates and shares.")
    var json = false

    /// The `--json` object.
    struct Report: Encodable {
        var cases: Int
        var seconds: Double
        /// Generate, decode and filter together.
        var casesPerSecond: Double
        var stages: [String: Double]
        var decodeShare: Double
        var acceptShare: Double
    }

    func run() throws {
        let seed = try FrontHalfArguments.seed(seed)
        let fixedCount = try cases.map { try FrontHalfArguments.count($0, option: "--cases", limit: Bench.largestCount) }
        guard seconds > 0, seconds <= 86_400 else { throw CommandFailure.usage("--seconds \(seconds) must be a positive number of at most 86400") }
        let report = try Self.measure(seed: seed, fixedCount: fixedCount, seconds: seconds)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            Console.line(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            Console.line(String(format: "bench generate: %d cases, %.1f%% decoded, %.1f%% accepted", report.cases,
                         report.decodeShare * 100, report.acceptShare * 100))
            Console.line(String(format: "  pipeline %12.0f cases/s", report.casesPerSecond))
            for stage in ["generate", "decode", "filter"] {
                Console.line("  " + stage.padding(toLength: 8, withPad: " ", startingAt: 0)
                      + String(format: " %12.0f cases/s", report.stages[stage] ?? 0))
            }
        }
    }

    /// Runs batches until the count or the time budget is reached. Each batch generates into
    /// one flat buffer, then decodes all of it, then filters all of it, so that each stage is
    /// timed on its own without a clock read per case.
    static func measure(seed: UInt64, fixedCount: Int?, seconds: Double) throws -> Report {
        let batchSize = 4096
        let generator = EncodingGenerator(seed: seed)
        let decoder: InstructionDecoder
        do { decoder = try InstructionDecoder() } catch { throw CommandFailure.usage("cannot open Capstone: \(error)") }
        let filter = Filter()
        let length = EncodingGenerator.maximumLength
        var encodings = [UInt8](repeating: 0, count: batchSize * length)
        var encoding: [UInt8] = []
        encoding.reserveCapacity(length)
        var instructions: [Instruction?] = []
        instructions.reserveCapacity(batchSize)
        var time = (generate: Duration.zero, decode: Duration.zero, filter: Duration.zero)
        var done = 0
        var decoded = 0
        var accepted = 0
        let clock = ContinuousClock()
        while fixedCount.map({ done < $0 }) ?? (Self.seconds(time.generate + time.decode + time.filter) < seconds) {
            let count = min(batchSize, (fixedCount ?? Int.max) - done)
            var start = clock.now
            for index in 0..<count {
                _ = generator.generate(caseIndex: UInt64(done + index), into: &encoding)
                encodings.withUnsafeMutableBufferPointer { buffer in
                    for offset in 0..<length { buffer[index * length + offset] = encoding[offset] }
                }
            }
            var end = clock.now
            time.generate += end - start
            start = end
            instructions.removeAll(keepingCapacity: true)
            encodings.withUnsafeBufferPointer { buffer in
                for index in 0..<count {
                    instructions.append(decoder.decode(UnsafeBufferPointer(rebasing: buffer[(index * length)..<((index + 1) * length)])))
                }
            }
            end = clock.now
            time.decode += end - start
            start = end
            // Bytes Capstone cannot decode are judged as campaigns judge them (`FrontHalf`).
            for (index, instruction) in instructions.enumerated() {
                let candidate = instruction ?? .undecodable(Array(encodings[(index * length)..<((index + 1) * length)]))
                if filter.verdict(for: candidate) == .accepted { accepted += 1 }
            }
            end = clock.now
            time.filter += end - start
            decoded += instructions.count { $0 != nil }
            done += count
        }
        let total = Self.seconds(time.generate + time.decode + time.filter)
        let rate = { (duration: Duration) in Double(done) / max(Self.seconds(duration), 1e-9) }
        return Report(cases: done, seconds: total, casesPerSecond: Double(done) / total,
                      stages: ["generate": rate(time.generate), "decode": rate(time.decode), "filter": rate(time.filter)],
                      decodeShare: Double(decoded) / Double(done), acceptShare: Double(accepted) / Double(done))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
