/// Why a value given on the command line (or in a file) is not what it should be; the message is
/// one line that names the option and the value.
public struct InputError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The parsers of the values users give: durations, shards, counts, seeds and memory patches.
/// None of them traps, whatever the text.
public enum InputValues {
    /// The longest campaign a duration may ask for: a year. Longer ones are surely a typo, and
    /// the bound keeps every deadline computation far from overflow.
    public static let longestDuration: Duration = .seconds(366 * 24 * 3600)

    /// `90`, `90s`, `10m`, `2h`: a positive number (decimals allowed) with an optional unit.
    public static func duration(_ text: String, option: String = "--duration") throws(InputError) -> Duration {
        let problem = InputError("\(option) '\(text)' is not a duration like 90, 90s, 10m or 2h (at most 366 days)")
        var number = Substring(text.trimmingWhitespace())
        var scale = 1.0
        if let last = number.last, let unit = ["s": 1.0, "m": 60.0, "h": 3600.0][last] {
            scale = unit
            number.removeLast()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value > 0 else { throw problem }
        let milliseconds = value * scale * 1000
        guard milliseconds >= 1, milliseconds <= Double(longestDuration.components.seconds) * 1000 else { throw problem }
        return .milliseconds(Int64(milliseconds))
    }

    /// `i/n` with `0 <= i < n`, both decimal.
    public static func shard(_ text: String) throws(InputError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index < count else {
            throw InputError("--shard '\(text)' must be i/n with 0 <= i < n (decimal)")
        }
        return (index, count)
    }

    /// A count: a positive decimal or `0x` hex integer of at most `limit`.
    public static func count(_ text: String, option: String, limit: Int = Int.max) throws(InputError) -> Int {
        guard !text.trimmingWhitespace().hasPrefix("-"), let value = try? Hex.parseNumber(text), value > 0,
              value <= UInt64(limit) else {
            throw InputError("\(option) '\(text)' is not a positive integer" + (limit == Int.max ? "" : " of at most \(limit)"))
        }
        return Int(value)
    }

    /// A seed: decimal or `0x` hex, 0 to 2^64 - 1.
    public static func seed(_ text: String, option: String = "--seed") throws(InputError) -> UInt64 {
        guard !text.trimmingWhitespace().hasPrefix("-"), let value = try? Hex.parseNumber(text) else {
            throw InputError("\(option) '\(text)' is not a seed: use a decimal or 0x-prefixed hex number from 0 to 2^64-1")
        }
        return value
    }

    /// `ADDR=HEX`, the form of `--memory`: bytes that lie inside the data window.
    public static func memoryPatch(_ text: String) throws(InputError) -> MemoryRun {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw InputError("--memory takes addr=hex, not '\(text)'") }
        let run: MemoryRun
        do {
            run = MemoryRun(address: try Hex.parseNumber(parts[0]), bytes: try Hex.parseBytes(parts[1]))
        } catch {
            throw InputError("bad --memory '\(text)': \(error)")
        }
        if let problem = CaseValidation.patchProblem(run) { throw InputError("--memory '\(text)': \(problem)") }
        return run
    }
}
