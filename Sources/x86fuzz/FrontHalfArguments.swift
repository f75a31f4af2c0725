import Foundation
import Fuzzing
import Decoding
import Generation
import X86

/// Parsing of the `generate` and `bench generate` arguments into usage errors (exit code 2)
/// that say what was wrong.
enum FrontHalfArguments {
    /// A seed: decimal or `0x` hex, 0 to 2^64 - 1.
    static func seed(_ text: String, option: String = "--seed") throws -> UInt64 {
        do { return try InputValues.seed(text, option: option) } catch { throw CommandFailure.usage(error) }
    }

    /// A count: a positive decimal (or `0x` hex) integer of at most `limit`.
    static func count(_ text: String, option: String, limit: Int = Int.max) throws -> Int {
        do { return try InputValues.count(text, option: option, limit: limit) } catch { throw CommandFailure.usage(error) }
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
