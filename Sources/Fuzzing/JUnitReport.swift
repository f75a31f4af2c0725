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
            "  <testsuite name=\"\(escape(suite))\" tests=\"\(results.count + unreadable.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" "
                + "errors=\"\(unreadable.count)\" time=\"\(String(format: "%.3f", seconds))\">",
        ]
        for result in results {
            let name = "\(result.file): \(result.decoded)"
            lines.append("    <testcase classname=\"corpus\" name=\"\(escape(name))\">")
            if result.status == .otherCPU {
                lines.append("      <skipped message=\"\(escape(result.detail))\"/>")
            } else if result.status.isFailure {
                lines.append("      <failure type=\"\(result.status.rawValue)\" message=\"\(escape(result.detail))\">"
                    + escape("recorded: \(result.recordedSignature)\nnow: \(result.currentSignature)") + "</failure>")
            }
            lines.append("      <system-out>\(escape(result.status.rawValue + ": " + result.detail))</system-out>")
            lines.append("    </testcase>")
        }
        for error in unreadable {
            lines.append("    <testcase classname=\"corpus\" name=\"\(escape(error.path))\">")
            lines.append("      <error type=\"unreadable\" message=\"\(escape(error.reason))\"/>")
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { escaped += " " } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
