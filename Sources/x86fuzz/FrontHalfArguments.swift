import Foundation
import Fuzzing
import Decoding
import Generation
import X86

/// Parsing of the `generate` and `bench generate` arguments into usage errors (exit code 2)
/// that say what was wrong.
enum FrontHalfArguments {
    /// A seed: decimal or `0x` hex, 0 to 2^64 - 1.
    static func seed(_ text: String) throws -> UInt64 {
        guard !text.trimmingCharacters(in: .whitespaces).hasPrefix("-"), let value = try? Hex.parseNumber(text) else {
            throw CommandFailure.usage("--seed '\(text)' is not a seed: use a decimal or 0x-prefixed hex number from 0 to 2^64-1")
        }
        return value
    }

    /// A count of cases: a positive decimal (or `0x` hex) integer.
    static func count(_ text: String, option: String) throws -> Int {
        guard !text.trimmingCharacters(in: .whitespaces).hasPrefix("-"), let value = try? Hex.parseNumber(text),
              value > 0, value <= UInt64(Int.max) else {
            throw CommandFailure.usage("\(option) '\(text)' is not a positive integer")
        }
        return Int(value)
    }

    /// The focus named by `--focus` values (each may be a comma-separated list); nil if none.
    static func focus(_ values: [String]) throws -> Focus? {
        guard !values.isEmpty else { return nil }
        do {
            return try Focus(names: values.flatMap { $0.split(separator: ",").map(String.init) })
        } catch {
            throw CommandFailure.usage(error.description)
        }
    }

    /// The front half for a seed and focus, with Capstone opened (a failure is exit code 2).
    static func frontHalf(seed: UInt64, focus: Focus?, filter: Filter = Filter()) throws -> FrontHalf {
        do { return try FrontHalf(seed: seed, focus: focus, filter: filter) } catch {
            throw CommandFailure.usage("cannot open Capstone: \(error)")
        }
    }
}
