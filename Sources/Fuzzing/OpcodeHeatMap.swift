/// The opcode space as a heat map: one 16 x 16 panel per encoding, map and mandatory prefix
/// (rows the opcode's high nibble, columns the low), each cell coloured by what the campaign
/// learned about that opcode there.
enum OpcodeHeatMap {
    /// A cell's colour class, in the order the legend lists them.
    enum Category: String, CaseIterable {
        /// A divergence that was not the platform's alone (the model's or the decoder's).
        case diverged
        /// Compared, the CPU completed some cases, and nothing but the platform's artefacts differed.
        case agreed
        /// Compared, but the CPU raised an exception every time: the semantics were barely tested.
        case faulted
        /// Generated, but filtered or declined by the model: never compared.
        case unsupported
        /// The CPU raised #UD on every case it ran: not an instruction here.
        case invalid

        var color: String {
            switch self {
            case .diverged: "#d62728"
            case .agreed: "#2ca02c"
            case .faulted: "#f0a830"
            case .unsupported: "#6b8fc7"
            case .invalid: "#555555"
            }
        }

        var meaning: String {
            switch self {
            case .diverged: "diverged (model or decoder)"
            case .agreed: "tested and agreed"
            case .faulted: "tested, always faulted"
            case .unsupported: "unsupported (filtered)"
            case .invalid: "invalid (#UD on every run)"
            }
        }

        init(_ counts: Coverage.Counts) {
            let ran = counts.outcomes.values.reduce(0, +)
            if counts.divergedNotHarness > 0 {
                self = .diverged
            } else if ran > 0, counts.outcomes["#UD"] == ran {
                self = .invalid
            } else if counts.compared > 0 {
                self = counts.completed > 0 ? .agreed : .faulted
            } else {
                self = .unsupported
            }
        }
    }

    /// The panels in reading order: legacy maps, then VEX, then the rest; each map by prefix.
    static func panelOrder(_ panels: some Sequence<String>) -> [String] {
        let encodings = ["legacy", "vex", "xop", "evex"]
        let maps = ["1byte", "0f", "0f38", "0f3a", "3dnow", "xop8", "xop9", "xopa"]
        let prefixes = ["none", "66", "f3", "f2"]
        func rank(_ panel: String) -> Int {
            let words = panel.split(separator: " ").map(String.init)
            guard words.count == 3 else { return 999_999 }
            let ranks = [encodings.firstIndex(of: words[0]), maps.firstIndex(of: words[1]), prefixes.firstIndex(of: words[2])]
            return ranks.reduce(0) { $0 * 100 + ($1 ?? 99) }
        }
        return panels.sorted { (rank($0), $0) < (rank($1), $1) }
    }

    /// The heat map's panels as SVG, and its legend, for the HTML report.
    static func svg(_ coverage: Coverage) -> String {
        let cell = 10, gap = 1, labelSpace = 16 // the cell's size is in `style` too
        let side = labelSpace + 16 * (cell + gap)
        var html = "<div class=\"legend-row\">"
        for category in Category.allCases {
            html += "<span><i style=\"background:\(category.color)\"></i>\(Markup.escape(category.meaning))</span>"
        }
        html += "<span><i style=\"background:#eeeeee\"></i>not generated</span></div><div class=\"heatmap\">"
        for panel in panelOrder(coverage.opcodes.keys) {
            let cells = coverage.opcodes[panel] ?? [:]
            var svg = "<figure><svg class=\"heat\" width=\"\(side)\" height=\"\(side)\" viewBox=\"0 0 \(side) \(side)\" role=\"img\" "
                + "aria-label=\"\(Markup.escape(panel))\"><rect x=\"\(labelSpace)\" y=\"\(labelSpace)\" width=\"\(16 * (cell + gap))\" "
                + "height=\"\(16 * (cell + gap))\" fill=\"#eeeeee\"/>"
            for nibble in 0..<16 {
                let hex = String(nibble, radix: 16, uppercase: true)
                let at = labelSpace + nibble * (cell + gap) + cell / 2
                svg += "<text x=\"\(at)\" y=\"11\" text-anchor=\"middle\" class=\"nib\">\(hex)</text>"
                    + "<text x=\"8\" y=\"\(at + 3)\" text-anchor=\"middle\" class=\"nib\">\(hex)</text>"
            }
            for (opcode, counts) in cells.sorted(by: { $0.key < $1.key }) {
                guard let value = UInt8(opcode, radix: 16) else { continue }
                let x = labelSpace + Int(value & 0xF) * (cell + gap), y = labelSpace + Int(value >> 4) * (cell + gap)
                svg += "<rect x=\"\(x)\" y=\"\(y)\" class=\"\(Category(counts).rawValue)\"><title>\(Markup.escape(tooltip(opcode, counts)))</title></rect>"
            }
            html += svg + "</svg><figcaption>\(Markup.escape(panel))</figcaption></figure>"
        }
        return html + "</div>"
    }

    /// The cells' style: each category's colour and the cell's size (kept out of every cell's
    /// markup, which a full opcode space has twelve thousand of).
    static var style: String {
        Category.allCases.map { ".heat .\($0.rawValue){fill:\($0.color);width:10px;height:10px}" }.joined()
    }

    /// A cell's hover text: its opcode and counts (the panel's name is under it, the category its colour).
    private static func tooltip(_ opcode: String, _ counts: Coverage.Counts) -> String {
        let outcomes = counts.outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(opcode): \(counts.cases) cases, \(counts.compared) compared, \(counts.diverged) diverged"
            + (counts.harness > 0 ? " (\(counts.harness) platform)" : "") + (counts.filtered > 0 ? ", \(counts.filtered) filtered" : "")
            + (outcomes.isEmpty ? "" : "; " + outcomes)
    }
}
