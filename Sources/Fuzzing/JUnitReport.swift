import Foundation

/// A JUnit XML report of a replay: one test case per corpus entry, failing when the entry does not
/// behave as recorded, skipped when it was recorded on another kind of CPU that behaves otherwise,
/// in error when it could not be read.
public enum JUnitReport {
    public static func xml(results: [ReplayResult], unreadable: [CorpusReadError], suite: String, seconds: Double) -> String {
        let failures = results.filter(\.status.isFailure).count
        let skipped = results.filter { $0.status == .otherCPU }.count
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites>",
            "  <testsuite name=\"\(Markup.escape(suite))\" tests=\"\(results.count + unreadable.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" "
                + "errors=\"\(unreadable.count)\" time=\"\(String(format: "%.3f", seconds))\">",
        ]
        for result in results {
            let name = "\(result.file): \(result.decoded)"
            lines.append("    <testcase classname=\"corpus\" name=\"\(Markup.escape(name))\">")
            if result.status == .otherCPU {
                lines.append("      <skipped message=\"\(Markup.escape(result.detail))\"/>")
            } else if result.status.isFailure {
                lines.append("      <failure type=\"\(result.status.rawValue)\" message=\"\(Markup.escape(result.detail))\">"
                    + Markup.escape("recorded: \(result.recordedSignature)\nnow: \(result.currentSignature)") + "</failure>")
            }
            lines.append("      <system-out>\(Markup.escape(result.status.rawValue + ": " + result.detail))</system-out>")
            lines.append("    </testcase>")
        }
        for error in unreadable {
            lines.append("    <testcase classname=\"corpus\" name=\"\(Markup.escape(error.path))\">")
            lines.append("      <error type=\"unreadable\" message=\"\(Markup.escape(error.reason))\"/>")
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }
}
