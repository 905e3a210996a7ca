import Foundation
import HarkServer
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The server-rendered stacked bar chart: well-formed, escaped, and free of inline style or script.
@Suite struct SVGChartTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// `count` consecutive UTC midnights starting 2026-03-01.
    static func days(_ count: Int) -> [Date] {
        let start = Date(timeIntervalSince1970: 1_772_323_200)  // 2026-03-01T00:00:00Z
        return (0..<count).map { start.addingTimeInterval(Double($0) * 86_400) }
    }

    static func chart(_ series: [SVGChart.Series], days: Int = 30, title: String = "Complaints") -> String {
        SVGChart.stackedBars(title: title, days: Self.days(days), series: series, timeZone: utc)
    }

    /// The element names and the concatenated text of every element named `name`, from a real parse.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var attributes: [[String: String]] = []
        var texts: [String] = []
        private var depth: [String] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            elements.append(elementName)
            attributes.append(attributeDict)
            depth.append(elementName)
            if elementName == "title" || elementName == "text" { texts.append("") }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            depth.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = depth.last, last == "title" || last == "text", !texts.isEmpty {
                texts[texts.count - 1] += string
            }
        }
    }

    /// Parses `svg`, failing the test when it is not well-formed.
    static func parse(_ svg: String) -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        #expect(ok, "not well-formed: \(String(describing: parser.parserError))")
        return collector
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test func hostileLabelsAreEscaped() {
        let hostile = "<script>alert(1)</script>\"onload=alert(2) 'x' & y"
        let svg = Self.chart(
            [SVGChart.Series(label: hostile, colour: "#ff0000", counts: [1, 2, 3])], title: hostile)
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("\"onload="))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=alert(2) &apos;x&apos; &amp; y"))
        let parsed = Self.parse(svg)
        #expect(!parsed.elements.contains("script"))
        #expect(parsed.attributes.allSatisfy { $0["onload"] == nil })
        #expect(parsed.texts.contains(hostile))
        #expect(parsed.texts.contains(hostile + ": 3"))
    }

    @Test func noInlineStyleOrScript() {
        let series = [
            SVGChart.Series(label: "style=\"x\"", colour: "#123456", counts: Array(repeating: 2, count: 30)),
            SVGChart.Series(label: "<style>", colour: "#abcdef", counts: Array(repeating: 1, count: 30)),
        ]
        let svg = Self.chart(series)
        #expect(!svg.contains(" style="))  // an attribute; the label itself is text
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<style"))
        #expect(!svg.lowercased().contains("javascript:"))
        let parsed = Self.parse(svg)
        #expect(!parsed.elements.contains { $0 == "style" || $0 == "script" || $0 == "foreignObject" })
        #expect(parsed.attributes.allSatisfy { $0["style"] == nil })
        #expect(parsed.texts.contains("style=\"x\": 2") && parsed.texts.contains("<style>: 1"))
    }

    @Test func rootElementIsAnAccessibleImage() {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [1])])
        let parsed = Self.parse(svg)
        let root = parsed.attributes.first ?? [:]
        #expect(parsed.elements.first == "svg")
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root["viewBox"] == "0 0 720 240")
        #expect(root["role"] == "img")
        let titleIndex = parsed.elements.firstIndex(of: "title")
        #expect(titleIndex == 1)
        #expect(titleIndex.map { parsed.attributes[$0]["id"] } == root["aria-labelledby"])
        #expect(parsed.texts.first == "Complaints")
    }

    @Test func oneRectPerNonZeroSegment() {
        let series = [
            SVGChart.Series(label: "Very dissatisfied", colour: "#a3211a", counts: (0..<30).map { $0 % 2 }),
            SVGChart.Series(label: "Dissatisfied", colour: "#c9a227", counts: (0..<30).map { $0 % 3 }),
        ]
        let svg = Self.chart(series)
        let expected = 15 + 20
        #expect(Self.count("class=\"bar\"", in: svg) == expected)
        #expect(Self.count("class=\"swatch\"", in: svg) == 2)
        #expect(Self.parse(svg).elements.filter { $0 == "rect" }.count == expected + 2)
        #expect(svg.contains("<title>Dissatisfied: 2</title>"))
    }

    @Test func gridlinesAreRoundNumbers() {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [7, 3, 0])], days: 3)
        let labels = Self.yLabels(svg)
        #expect(labels == ["0", "2", "4", "6", "8"])
        #expect(Self.count("<line ", in: svg) == 5)
    }

    @Test(arguments: [
        (0, 1, 3), (1, 1, 3), (3, 1, 3), (5, 1, 5), (6, 2, 3), (9, 2, 5), (11, 5, 3), (48, 10, 5), (51, 20, 3),
        (999, 200, 5), (1_000_001, 500_000, 3),
    ])
    func axisSteps(max: Int, step: Int, steps: Int) {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [max])], days: 1)
        let labels = Self.yLabels(svg)
        #expect(labels.count == steps + 1, "\(labels)")
        #expect(labels.count >= 4 && labels.count <= 6)
        if step < 10_000 { #expect(labels.last == String(step * steps)) }
    }

    @Test func dayLabelsEveryFifthDayInTheTimeZone() {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [1])])
        #expect(Self.count("class=\"x-label\"", in: svg) == 6)
        for label in ["01.03", "06.03", "11.03", "16.03", "21.03", "26.03"] {
            #expect(svg.contains(">\(label)</text>"))
        }
        let oslo = SVGChart.stackedBars(
            title: "t", days: [Date(timeIntervalSince1970: 1_772_319_600)], series: [],
            timeZone: TimeZone(identifier: "Europe/Oslo")!)
        #expect(oslo.contains(">01.03</text>"))  // 2026-02-28T23:00Z is March 1st in Oslo.
    }

    @Test(arguments: ["red", "#fff", "#gggggg", "#12345678", "url(#x)", "#12345\"", "", "＃123456"])
    func badColoursAreReplaced(colour: String) {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: colour, counts: [1])], days: 1)
        #expect(svg.contains("fill=\"\(SVGChart.fallbackColour)\""))
        if !colour.isEmpty { #expect(!svg.contains(colour)) }
        _ = Self.parse(svg)
    }

    @Test func goodColoursAreKept() {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: "#A3211a", counts: [1])], days: 1)
        #expect(svg.contains("fill=\"#A3211a\""))
    }

    @Test func edgeCasesStayWellFormed() {
        let cases: [(days: Int, series: [SVGChart.Series])] = [
            (30, []),
            (0, []),
            (0, [SVGChart.Series(label: "a", colour: "#000000", counts: [1, 2])]),
            (30, [SVGChart.Series(label: "zero", colour: "#000000", counts: Array(repeating: 0, count: 30))]),
            (30, [SVGChart.Series(label: "short", colour: "#000000", counts: [4])]),
            (3, [SVGChart.Series(label: "long", colour: "#000000", counts: Array(repeating: 1, count: 100))]),
            (2, [SVGChart.Series(label: "negative", colour: "#000000", counts: [-5, Int.min])]),
            (2, Array(repeating: SVGChart.Series(label: "huge", colour: "#000000", counts: [Int.max, 1]), count: 9)),
            (400, [SVGChart.Series(label: "many days", colour: "#000000", counts: Array(repeating: 1, count: 400))]),
            (1, [SVGChart.Series(label: "\u{0}\u{1}\u{FFFF}ctl\u{7}", colour: "#000000", counts: [1])]),
        ]
        for item in cases {
            let svg = Self.chart(item.series, days: item.days)
            _ = Self.parse(svg)
            #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>"))
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
    }

    @Test func countsArePaddedAndTruncated() {
        let short = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [4])])
        #expect(Self.count("class=\"bar\"", in: short) == 1)
        let long = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [1, 1, 1, 1, 1])], days: 3)
        #expect(Self.count("class=\"bar\"", in: long) == 3)
    }

    @Test func allZeroDataHasAnAxisAndNoBars() {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: Array(repeating: 0, count: 30))])
        #expect(Self.count("class=\"bar\"", in: svg) == 0)
        #expect(Self.yLabels(svg) == ["0", "1", "2", "3"])
    }

    @Test func hugeCountsGetCompactLabels() {
        let svg = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [Int.max])], days: 1)
        #expect(svg.contains("<title>a: \(Int.max)</title>"))
        #expect(Self.yLabels(svg).allSatisfy { $0.count <= 6 })
        let million = Self.chart([SVGChart.Series(label: "a", colour: "#000000", counts: [2_400_000])], days: 1)
        #expect(Self.yLabels(million) == ["0", "500k", "1M", "1.5M", "2M", "2.5M"])
    }

    /// The texts of the y-axis labels, bottom first.
    static func yLabels(_ svg: String) -> [String] {
        svg.components(separatedBy: "class=\"y-label\"").dropFirst().compactMap { part in
            guard let start = part.firstIndex(of: ">"), let end = part.firstIndex(of: "<") else { return nil }
            return String(part[part.index(after: start)..<end])
        }
    }
}
