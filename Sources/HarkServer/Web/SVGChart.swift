import Foundation

/// Server-rendered SVG charts for the web inbox.
///
/// The output is a self-contained `<svg>` element meant to be inlined in the page. It obeys a strict
/// Content-Security-Policy: no `style` attributes, no `<style>` or `<script>` elements, only
/// presentation attributes. Every text from outside (title, labels) is XML-escaped and stripped of
/// characters XML cannot carry; colours are used only when they are `#rrggbb`.
public enum SVGChart {
    /// One stacked layer of a bar chart: a label, a colour and one count per day.
    public struct Series: Sendable {
        /// The name shown in the legend and in each bar segment's tooltip.
        public var label: String
        /// The fill colour, `#rrggbb`; anything else is drawn in ``SVGChart/fallbackColour``.
        public var colour: String
        /// One count per day; missing days count as zero, extra ones are ignored, negatives as zero.
        public var counts: [Int]

        /// Creates a series.
        public init(label: String, colour: String, counts: [Int]) {
            self.label = label
            self.colour = colour
            self.counts = counts
        }
    }

    /// The colour of a series whose colour is not `#rrggbb`: a neutral grey.
    public static let fallbackColour = "#767676"
    /// The largest count drawn; a larger one is drawn (but not labelled) as this, so the scale stays sane.
    static let maxDrawnCount = 1_000_000_000_000
    /// The largest axis total, whatever the number of series.
    static let maxDrawnTotal = 1_000_000_000_000_000
    /// The longest label drawn in the legend, in characters; tooltips carry the whole label.
    static let maxLegendLabel = 40

    private static let textColour = "#333333"
    private static let gridColour = "#d0d0d0"
    private static let axisColour = "#767676"
    private static let fontFamily = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

    /// A stacked bar chart: one bar per day, one segment per series, a y axis with 3 to 5 round
    /// gridlines, a `dd.MM` label under every fifth day, and a legend.
    ///
    /// - Parameters:
    ///   - title: The chart's accessible name (its `<title>`), also shown above the plot.
    ///   - days: The start of each day, oldest first.
    ///   - series: The layers, bottom first.
    ///   - timeZone: The zone the day labels are written in.
    ///   - width: The `viewBox` width (clamped to 200...4000).
    ///   - height: The `viewBox` height (clamped to 120...2000).
    /// - Returns: A complete, well-formed `<svg>` element.
    public static func stackedBars(
        title: String, days: [Date], series: [Series], timeZone: TimeZone, width: Int = 720, height: Int = 240
    ) -> String {
        let width = min(max(width, 200), 4_000)
        let height = min(max(height, 120), 2_000)
        let counts = series.map { normalised($0.counts, length: days.count) }
        let totals = days.indices.map { day in
            counts.reduce(0) { sum, row in min(sum + min(row[day], maxDrawnCount), maxDrawnTotal) }
        }
        let scale = axisScale(max: totals.max() ?? 0)
        let legend = legendLayout(series.map(\.label), width: width)
        let plot = PlotArea(
            left: 48, right: Double(width) - 12, top: 32,
            bottom: Double(height) - 26 - Double(legend.rows) * 18)
        let id = "hark-chart-" + fnv1a(title + "|" + series.map(\.label).joined(separator: "|"))

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\""
        svg += " width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)\""
        svg += " font-family=\"\(fontFamily)\" font-size=\"12\" fill=\"\(textColour)\">"
        svg += "<title id=\"\(id)\">\(escape(title))</title>"
        svg += "<text x=\"\(format(plot.left))\" y=\"18\" font-size=\"14\" font-weight=\"bold\""
        svg += " aria-hidden=\"true\">\(escape(title))</text>"
        svg += gridlines(scale, plot)
        svg += bars(days: days, series: series, counts: counts, scale: scale, plot: plot, timeZone: timeZone)
        svg += legendMarkup(series, legend, height: height)
        svg += "</svg>"
        return svg
    }

    /// The drawing area of the plot, in `viewBox` units.
    struct PlotArea {
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double
        var height: Double { max(bottom - top, 1) }
        var width: Double { max(right - left, 1) }
    }

    /// A y axis: `steps` gridlines `step` apart, so the axis runs from 0 to `steps * step`.
    struct AxisScale: Equatable {
        var step: Int
        var steps: Int
        var top: Int { step * steps }
    }

    /// The round axis for a largest total: a step of 1, 2 or 5 times a power of ten, and 3 to 5
    /// steps that reach at least `max`.
    static func axisScale(max: Int) -> AxisScale {
        let max = Swift.min(Swift.max(max, 0), maxDrawnTotal)
        var power = 1
        while true {
            for mantissa in [1, 2, 5] {
                let step = mantissa * power
                let steps = (max + step - 1) / step
                if steps <= 5 { return AxisScale(step: step, steps: Swift.max(steps, 3)) }
            }
            power *= 10
        }
    }

    /// The counts cut or padded with zeros to `length`, negatives as zero.
    static func normalised(_ counts: [Int], length: Int) -> [Int] {
        (0..<length).map { $0 < counts.count ? Swift.max(counts[$0], 0) : 0 }
    }

    /// Horizontal gridlines with their labels, and the baseline.
    private static func gridlines(_ scale: AxisScale, _ plot: PlotArea) -> String {
        var out = "<g aria-hidden=\"true\">"
        for index in 0...scale.steps {
            let value = index * scale.step
            let y = plot.bottom - Double(index) / Double(scale.steps) * plot.height
            let colour = index == 0 ? axisColour : gridColour
            out += "<line x1=\"\(format(plot.left))\" y1=\"\(format(y))\" x2=\"\(format(plot.right))\""
            out += " y2=\"\(format(y))\" stroke=\"\(colour)\" stroke-width=\"1\"/>"
            out += "<text class=\"y-label\" x=\"\(format(plot.left - 6))\" y=\"\(format(y + 4))\""
            out += " text-anchor=\"end\">\(compact(value))</text>"
        }
        return out + "</g>"
    }

    /// One group per day: its stacked segments (each with a `label: n` tooltip) and, every fifth
    /// day, its `dd.MM` label.
    private static func bars(
        days: [Date], series: [Series], counts: [[Int]], scale: AxisScale, plot: PlotArea, timeZone: TimeZone
    ) -> String {
        guard !days.isEmpty else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let slot = plot.width / Double(days.count)
        let barWidth = Swift.max(slot * 0.7, 1)
        var out = ""
        for (day, date) in days.enumerated() {
            let label = dayLabel(date, calendar)
            let x = plot.left + Double(day) * slot + (slot - barWidth) / 2
            out += "<g><title>\(label)</title>"
            var stacked = 0
            for (index, item) in series.enumerated() where counts[index][day] > 0 {
                let count = counts[index][day]
                let lower = ratio(stacked, scale)
                stacked = Swift.min(stacked + Swift.min(count, maxDrawnCount), maxDrawnTotal)
                let upper = ratio(stacked, scale)
                let top = plot.bottom - upper * plot.height
                let segment = Swift.max((upper - lower) * plot.height, 1)
                out += "<rect class=\"bar\" x=\"\(format(x))\" y=\"\(format(Swift.max(top, plot.top)))\""
                out += " width=\"\(format(barWidth))\" height=\"\(format(segment))\""
                out += " fill=\"\(safeColour(item.colour))\">"
                out += "<title>\(escape(item.label)): \(count)</title></rect>"
            }
            if day % 5 == 0 {
                out += "<text class=\"x-label\" x=\"\(format(x + barWidth / 2))\" y=\"\(format(plot.bottom + 15))\""
                out += " text-anchor=\"middle\" aria-hidden=\"true\">\(label)</text>"
            }
            out += "</g>"
        }
        return out
    }

    /// Where a stacked value sits on the axis, 0 to 1.
    private static func ratio(_ value: Int, _ scale: AxisScale) -> Double {
        Swift.min(Double(value) / Double(scale.top), 1)
    }

    /// The legend's items placed in rows across the width: each item's row and x.
    struct LegendLayout {
        var positions: [(row: Int, x: Double)]
        var rows: Int
    }

    /// Places legend items left to right, wrapping when a row is full (text width estimated).
    static func legendLayout(_ labels: [String], width: Int) -> LegendLayout {
        var positions: [(row: Int, x: Double)] = []
        var row = 0
        var x = 12.0
        for label in labels {
            let itemWidth = 18 + Double(Swift.min(label.count, maxLegendLabel)) * 7 + 16
            if x > 12 && x + itemWidth > Double(width) - 12 {
                row += 1
                x = 12
            }
            positions.append((row, x))
            x += itemWidth
        }
        return LegendLayout(positions: positions, rows: labels.isEmpty ? 0 : row + 1)
    }

    /// The legend: a swatch and a label per series.
    private static func legendMarkup(_ series: [Series], _ layout: LegendLayout, height: Int) -> String {
        guard !series.isEmpty else { return "" }
        var out = "<g class=\"legend\">"
        for (item, position) in zip(series, layout.positions) {
            let y = Double(height) - Double(layout.rows - position.row) * 18 + 4
            var label = String(item.label.prefix(maxLegendLabel))
            if item.label.count > maxLegendLabel { label += "…" }
            out += "<rect class=\"swatch\" x=\"\(format(position.x))\" y=\"\(format(y - 10))\" width=\"12\""
            out += " height=\"12\" fill=\"\(safeColour(item.colour))\"/>"
            out += "<text x=\"\(format(position.x + 18))\" y=\"\(format(y))\">\(escape(label))</text>"
        }
        return out + "</g>"
    }

    /// The `dd.MM` label of a day in the calendar's time zone.
    private static func dayLabel(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.day, .month], from: date)
        let day = parts.day ?? 0
        let month = parts.month ?? 0
        return (day < 10 ? "0" : "") + String(day) + "." + (month < 10 ? "0" : "") + String(month)
    }

    /// `colour` when it is `#rrggbb` (hex digits of either case), else ``fallbackColour``.
    static func safeColour(_ colour: String) -> String {
        let bytes = Array(colour.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#") else { return fallbackColour }
        let isHex = bytes.dropFirst().allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
        return isHex ? colour : fallbackColour
    }

    /// Text made safe for XML content and attribute values: `& < > " '` escaped, and characters
    /// XML 1.0 forbids (most C0 controls, `U+FFFE`, `U+FFFF`) dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An axis label: plain up to 9,999, then with `k`, `M`, `G`, `T` or `P` and at most the
    /// decimals needed (`15k`, `2.5M`).
    static func compact(_ value: Int) -> String {
        guard value >= 10_000 else { return String(value) }
        var divisor = 1_000
        var suffixes = ["k", "M", "G", "T", "P"][...]
        while value / divisor >= 1_000 && suffixes.count > 1 {
            divisor *= 1_000
            suffixes = suffixes.dropFirst()
        }
        var text = String(value / divisor)
        var remainder = value % divisor
        if remainder > 0 {
            var digits = ""
            var place = divisor / 10
            while remainder > 0 && place > 0 {
                digits += String(remainder / place)
                remainder %= place
                place /= 10
            }
            text += "." + digits
        }
        return text + (suffixes.first ?? "")
    }

    /// A coordinate rounded to a tenth, without a trailing `.0`.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + "\(magnitude / 10).\(magnitude % 10)"
    }

    /// A short stable hash (FNV-1a, 32 bits, hex) so that two charts on a page get different ids.
    private static func fnv1a(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return String(hash, radix: 16)
    }
}
