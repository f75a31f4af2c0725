import Foundation

/// Plots drawn as inline SVG for the HTML report: no scripts, no fonts, no network.
enum SVGChart {
    /// One line of a line chart.
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    /// One bar of a bar chart.
    struct Bar {
        var label: String
        var value: Double
        var color: String
        /// Shown on hover.
        var detail: String
    }

    /// A number short enough for an axis: 1.2M, 35k, 0.25.
    static func short(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 { return String(format: "%.1fM", value / 1e6) }
        if magnitude >= 1e4 { return String(format: "%.0fk", value / 1e3) }
        if magnitude >= 1e3 { return String(format: "%.1fk", value / 1e3) }
        if magnitude == magnitude.rounded() { return String(format: "%.0f", value) }
        return String(format: "%.2f", value)
    }

    /// A line chart of `series` over a shared x axis, with a legend; `xLabels` names the x
    /// positions where given (dates), else the axis shows numbers.
    static func lines(_ series: [Series], title: String, xAxis: String, yAxis: String,
                      xLabels: [Double: String] = [:], width: Int = 640, height: Int = 240) -> String {
        let left = 56.0, right = 16.0, top = 28.0, bottom = 40.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let points = series.flatMap(\.points)
        let minX = points.map(\.x).min() ?? 0, maxX = max(points.map(\.x).max() ?? 1, minX + 1e-9)
        let maxY = max(points.map(\.y).max() ?? 1, 1e-9) * 1.05
        func x(_ value: Double) -> Double { left + (value - minX) / (maxX - minX) * plotWidth }
        func y(_ value: Double) -> Double { top + plotHeight - value / maxY * plotHeight }
        var svg = header(width: width, height: height, title: title)
        svg += axes(left: left, top: top, plotWidth: plotWidth, plotHeight: plotHeight, xAxis: xAxis, yAxis: yAxis)
        for fraction in [0.0, 0.5, 1.0] {
            let highest = maxY / 1.05
            let value = highest >= 10 ? (highest * fraction).rounded() : highest * fraction
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\" class=\"tick\">\(short(value))</text>"
        }
        let xTicks = xLabels.isEmpty ? [minX, (minX + maxX) / 2, maxX].map { ($0, short($0)) }
            : xLabels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let shown = xTicks.count > 8 ? stride(from: 0, to: xTicks.count, by: xTicks.count / 8 + 1).map { xTicks[$0] } : xTicks
        for (value, label) in shown {
            // The first and last labels stay inside the plot's width.
            let anchor = value == minX ? "start" : value == maxX ? "end" : "middle"
            svg += "<text x=\"\(f(x(value)))\" y=\"\(f(top + plotHeight + 14))\" text-anchor=\"\(anchor)\" class=\"tick\">\(Markup.escape(label))</text>"
        }
        for (index, line) in series.enumerated() {
            let path = line.points.map { "\(f(x($0.x))),\(f(y($0.y)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\" points=\"\(path)\"><title>\(Markup.escape(line.name))</title></polyline>"
            if line.points.count == 1, let point = line.points.first {
                svg += "<circle cx=\"\(f(x(point.x)))\" cy=\"\(f(y(point.y)))\" r=\"3\" fill=\"\(line.color)\"/>"
            }
            let legendX = left + 8 + Double(index) * 190
            svg += "<rect x=\"\(f(legendX))\" y=\"8\" width=\"10\" height=\"10\" fill=\"\(line.color)\"/>"
                + "<text x=\"\(f(legendX + 14))\" y=\"17\" class=\"legend\">\(Markup.escape(line.name))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, largest value spanning the width, each labelled with its value.
    static func bars(_ bars: [Bar], title: String, width: Int = 640) -> String {
        let rowHeight = 20.0, labelWidth = 220.0, top = 8.0
        let height = Int(top * 2 + rowHeight * Double(max(bars.count, 1)))
        let maxValue = max(bars.map(\.value).max() ?? 1, 1e-9)
        let barSpace = Double(width) - labelWidth - 70
        var svg = header(width: width, height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * rowHeight
            let length = max(bar.value / maxValue * barSpace, bar.value > 0 ? 1 : 0)
            svg += "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 14))\" text-anchor=\"end\" class=\"label\">\(Markup.escape(bar.label))</text>"
                + "<rect class=\"bar\" x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(length))\" height=\"\(f(rowHeight - 6))\" fill=\"\(bar.color)\">"
                + "<title>\(Markup.escape(bar.detail))</title></rect>"
                + "<text x=\"\(f(labelWidth + length + 4))\" y=\"\(f(y + 14))\" class=\"tick\">\(short(bar.value))</text>"
        }
        return svg + "</svg>"
    }

    static func header(width: Int, height: Int, title: String) -> String {
        "<svg class=\"plot\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
            + "role=\"img\" aria-label=\"\(Markup.escape(title))\"><title>\(Markup.escape(title))</title>"
    }

    private static func axes(left: Double, top: Double, plotWidth: Double, plotHeight: Double, xAxis: String, yAxis: String) -> String {
        "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" class=\"axis\"/>"
            + "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" class=\"axis\"/>"
            + "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 32))\" text-anchor=\"middle\" class=\"label\">\(Markup.escape(xAxis))</text>"
            + "<text x=\"12\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" class=\"label\" "
            + "transform=\"rotate(-90 12 \(f(top + plotHeight / 2)))\">\(Markup.escape(yAxis))</text>"
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
