import ArgumentParser
import Decoding
import Foundation
import Fuzzing
import Generation
import X86

/// `x86fuzz generate`: the front half of the pipeline on its own, to inspect what a seed
/// produces and what the filter makes of it.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate seeded encodings, decode them with Capstone and filter them.",
        discussion: """
        Case i of a seed is the same on every machine. Each line shows the bytes (truncated to \
        the decoded length), the verdict and Capstone's text; --json prints JSON Lines with \
        bytes, decoded, length, verdict and reason (and inFocus with --focus). A summary goes \
        to stderr.

        Focus names: a family, jcc/setcc/cmovcc, or one of the family's mnemonics:
        \(focusHelp)
        """
    )

    @Option(parsing: .unconditional, help: "Campaign seed: decimal or 0x-prefixed hex.")
    var seed: String

    @Option(parsing: .unconditional, help: "Number of cases: a positive integer.")
    var count: String

    @Option(help: "Families or mnemonics to focus on, comma-separated (repeatable): e.g. binary,shl,vpaddd.")
    var focus: [String] = []

    @Flag(help: "Print JSON Lines, one object per case.")
    var json = false

    func run() throws {
        let seed = try FrontHalfArguments.seed(seed)
        let count = try FrontHalfArguments.count(count, option: "--count")
        let focus = try FrontHalfArguments.focus(focus)
        let frontHalf = try FrontHalfArguments.frontHalf(seed: seed, focus: focus)
        var summary = GenerateSummary()
        var output = BufferedOutput()
        for index in 0..<UInt64(count) where !Console.isOutputGone {
            let result = frontHalf.run(caseIndex: index)
            summary.record(result)
            output.write(json ? Self.jsonLine(result) : Self.textLine(result))
        }
        output.flush()
        Console.error((summary.render(seed: seed, focus: focus) + "\n"))
    }

    /// `{"bytes":"4801d8","decoded":"add rax, rbx","length":3,"verdict":"accepted"}`, with
    /// `reason` when rejected and `inFocus` under a focus. `length` is the number of bytes shown.
    static func jsonLine(_ result: FrontHalf.Case) -> String {
        var line = "{\"bytes\":\"\(Hex.format(bytes: result.bytes))\",\"decoded\":"
        line += result.instruction.isUndecodable ? "null" : jsonString(result.instruction.text)
        line += ",\"length\":\(result.bytes.count),\"verdict\":\"\(result.verdict.label)\""
        if let reason = result.verdict.reason { line += ",\"reason\":\"\(reason.rawValue)\"" }
        if let inFocus = result.inFocus { line += ",\"inFocus\":\(inFocus)" }
        return line + "}\n"
    }

    /// Bytes, verdict (with reason) and text in columns.
    static func textLine(_ result: FrontHalf.Case) -> String {
        let hex = Hex.format(bytes: result.bytes)
        var verdict = result.verdict.reason.map { "rejected " + $0.rawValue } ?? "accepted"
        if result.inFocus == false { verdict += " (outside focus)" }
        let text = result.instruction.text
        return hex.padding(toLength: 32, withPad: " ", startingAt: 0) + verdict.padding(toLength: 32, withPad: " ", startingAt: 0)
            + text + "\n"
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// Each family with its mnemonics, for the help text.
    static var focusHelp: String {
        InstructionFamily.all.map { family in
            "  \(family.name): \(family.mnemonics.joined(separator: " "))"
        }.joined(separator: "\n")
    }
}
