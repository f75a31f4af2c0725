import ArgumentParser
import Foundation
import Fuzzing
import Sandbox
import X86

/// `x86fuzz hunt`: walks the opcode space on the CPU for encodings Capstone or the forms table
/// get wrong.
struct Hunt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk the opcode space on the CPU and record what Capstone or the forms table do not know.",
        discussion: """
        Every opcode of the map under every mandatory prefix (none, 66, F3, F2) without and with REX.W \
        (vex: C4 with every L, W and pp in maps 0F, 0F38 and 0F3A), followed by each ModRM class \
        (each reg with a register operand, and with a memory operand through RSI), then zeros. Each \
        encoding's length is measured on the CPU with no decoder (see length) from a state whose GPRs \
        (but RSP) point into the data window, and sorted: executed-known (Capstone agrees), \
        unknown-form and capstone-gap (the CPU runs bytes Capstone cannot decode; the forms table has \
        no form, or has one), length-disagreement, decoded-but-ud (Capstone decodes what the CPU \
        rejects) and ud-as-expected. Once the first ModRM class shows the CPU never fetched the ModRM \
        byte, the other classes of that opcode are skipped. Every encoding but the executed-known and \
        ud-as-expected ones is judged as check judges it and its divergence recorded in --corpus; each \
        finding and each new entry is printed on a line, then a summary per map. \
        Exit code 0 when the walk completed, 1 when --duration cut it short, 2 for bad input.
        """
    )

    @Option(help: "The map to walk: 1byte, 0f, 0f38, 0f3a, vex or all.")
    var map = "all"

    @Option(help: "Stop after this long (e.g. 90s, 10m); the summary says which maps were cut short.")
    var duration: String?

    @Option(help: "Record the findings' divergences in this corpus directory (default: none are kept).")
    var corpus: String?

    func run() throws {
        let maps: [HuntMap]
        if map == "all" {
            maps = HuntMap.allCases
        } else if let one = HuntMap(rawValue: map) {
            maps = [one]
        } else {
            throw CommandFailure.usage("--map '\(map)' is not one of 1byte, 0f, 0f38, 0f3a, vex, all")
        }
        let limit: Duration
        do { limit = try duration.map { try InputValues.duration($0) } ?? .seconds(366 * 86_400) } catch {
            throw CommandFailure.usage("\(error)")
        }
        var store: Corpus?
        if let corpus {
            do { store = try Corpus(directory: URL(fileURLWithPath: corpus)) } catch {
                throw CommandFailure.usage("cannot use corpus directory \(corpus): \(error)")
            }
        }
        _ = try SandboxRunner.open()
        let hunter: Hunter
        do { hunter = try Hunter(corpus: store) } catch { throw CommandFailure.usage("cannot start the hunt: \(error)") }
        let start = ContinuousClock.now
        let deadline = start + limit
        var summaries: [Hunter.MapSummary] = []
        for map in maps {
            do {
                summaries.append(try hunter.walk(map, until: deadline) { Console.line(Self.line($0)) })
            } catch let error as SandboxError {
                throw CommandFailure(sandboxError: error)
            } catch {
                throw CommandFailure.usage("cannot record a finding: \(error)")
            }
        }
        do { try store?.flush() } catch { throw CommandFailure.usage("cannot record a finding: \(error)") }
        Console.line("")
        Console.line("hunt: \(maps.map(\.rawValue).joined(separator: ", ")) in \(Self.seconds(ContinuousClock.now - start)) s")
        for summary in summaries { Console.line(Self.summaryLine(summary)) }
        if summaries.contains(where: { !$0.complete }) || summaries.count < maps.count { throw ExitCode(1) }
    }

    /// `0f0d00...  unknown-form  cpu length 3 (probe), Capstone none  [new 1b877adce6806580]`.
    static func line(_ evidence: Hunter.Evidence) -> String {
        "\(Hex.format(bytes: evidence.bytes))  \(evidence.kind.rawValue)  "
            + Hunter.describe(evidence.measurement, decoded: evidence.decoded)
            + (evidence.newEntry.map { "  [new \($0)]" } ?? "")
    }

    static func summaryLine(_ summary: Hunter.MapSummary) -> String {
        let counts = Hunter.Kind.allCases.map { "\($0.rawValue) \(summary.counts[$0, default: 0])" }.joined(separator: ", ")
        let total = summary.counts.values.reduce(0, +)
        return "  \(summary.map.rawValue): \(total) encodings\(summary.complete ? "" : " (cut short)"): \(counts); "
            + "\(summary.newSignatures) new corpus entries"
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
