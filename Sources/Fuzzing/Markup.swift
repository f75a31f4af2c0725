/// Text for XML and HTML (the JUnit report, the HTML report and its SVG).
enum Markup {
    /// `text` safe inside elements and quoted attributes; control characters but newline and tab
    /// become spaces (XML 1.0 cannot carry them).
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
