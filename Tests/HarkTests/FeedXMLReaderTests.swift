import Foundation
import HarkXML
import Testing

/// The safe streaming reader (HarkXML) on its own: options, names, scopes, entities, limits.
@Suite struct FeedXMLReaderTests {
    /// Records what the reader delivers.
    final class Recorder: XMLStreamHandler {
        var events: [String] = []
        var bases: [String] = []
        var attributes: [String] = []
        var text = ""
        let stopAtDepth: Int?

        init(stopAtDepth: Int? = nil) {
            self.stopAtDepth = stopAtDepth
        }

        func startElement(_ element: XMLElement) -> XMLHandlerAction {
            events.append("<\(element.name.namespace):\(element.name.local)@\(element.depth)")
            bases.append(element.base?.absoluteString ?? "-")
            for index in 0..<element.attributeCount { attributes.append(element.attributeValue(at: index)) }
            return element.depth == stopAtDepth ? .stop : .proceed
        }

        func endElement(_ element: XMLEndTag) { events.append("</\(element.name.local)") }

        func characters(_ text: UnsafeBufferPointer<UInt8>) { self.text += String(decoding: text, as: UTF8.self) }
    }

    static let vocabulary = XMLVocabulary(
        namespaces: ["urn:a": 2, "http://purl.org/dc/elements/1.1/": 3], noNamespace: 1,
        localNames: ["root": 1, "item": 2, "title": 3, "creator": 4], prefixes: ["dc": 3])

    static func read(
        _ text: String, base: String? = nil, limits: XMLReaderLimits = XMLReaderLimits(), handler: Recorder = Recorder()
    ) -> (Recorder, XMLParseReport) {
        let reader = XMLStreamReader(vocabulary: vocabulary, limits: limits)
        let report = Array(text.utf8).withUnsafeBytes {
            reader.read($0, base: base.flatMap(URL.init(string:)), handler: handler)
        }
        return (handler, report)
    }

    @Test func dangerousOptionsCannotBeExpressed() {
        // NOENT (1 << 1), DTDLOAD (1 << 2), DTDATTR (1 << 3), DTDVALID (1 << 4), XINCLUDE (1 << 10), HUGE (1 << 19).
        for bit in [1, 2, 3, 4, 10, 19] {
            #expect(XMLParseOptions(rawValue: 1 << bit).rawValue == 0, "bit \(bit)")
        }
        #expect(XMLParseOptions.safe.contains(.recover))
    }

    @Test func namesResolveByNamespaceIncludingUndeclaredWellKnownPrefixes() {
        let (recorder, report) = Self.read("""
            <root xmlns:a="urn:a"><a:item/><dc:creator>x</dc:creator><Title>t</Title><other/></root>
            """)
        #expect(recorder.events == ["<1:1@1", "<2:2@2", "</2", "<3:4@2", "</4", "<1:3@2", "</3", "<1:0@2", "</0", "</1"])
        #expect(report.errorCount == 1, "the undeclared prefix is reported")
    }

    @Test func xmlBaseScopesOnlyHTTP() {
        let (recorder, _) = Self.read("""
            <root xml:base="https://a.example/x/"><item xml:base="y/"><title xml:base="file:///etc/"/></item><item/></root>
            """, base: "https://feed.example/")
        #expect(recorder.bases == ["https://a.example/x/", "https://a.example/x/y/", "https://a.example/x/y/", "https://a.example/x/"])
    }

    @Test func entitiesInTextAndAttributes() {
        let (recorder, report) = Self.read("""
            <root a="x&amp;y &eacute; &#233; &lt;"><title>&nbsp;&mdash;&amp;&lt;&#x41;</title></root>
            """)
        #expect(recorder.attributes == ["x&y é é <"])
        #expect(recorder.text == "\u{00A0}—&<A")
        #expect(report.errorCount == 0)
    }

    @Test func entitiesAfterAnErrorAreNotLost() {
        // libxml2's recovery drops every later entity once a document is not well-formed.
        let (recorder, report) = Self.read("<root><title>a</titel><item>b &amp; c &lt; d</item></root>")
        #expect(recorder.text.contains("b & c < d"))
        #expect(report.errorCount > 0)
        #expect(report.lostContent)
    }

    @Test func aHandlerCanStop() {
        let (recorder, report) = Self.read("<root><item/><item/></root>", handler: Recorder(stopAtDepth: 1))
        #expect(recorder.events == ["<1:1@1"])
        #expect(report.stoppedEarly)
    }

    @Test func limits() {
        var limits = XMLReaderLimits()
        limits.maximumDepth = 3
        limits.maximumTextBytes = 5
        let (deep, deepReport) = Self.read("<root><item><title><x>deep</x></title></item></root>", limits: limits)
        #expect(deepReport.limitReached == .depth)
        #expect(!deep.events.contains { $0.hasSuffix("@4") })
        let (long, longReport) = Self.read("<root>0123456789</root>", limits: limits)
        #expect(long.text == "01234")
        #expect(longReport.limitReached == .textBytes)
        limits.maximumDocumentBytes = 10
        #expect(Self.read("<root>0123456789</root>", limits: limits).1.limitReached == .documentBytes)
    }

    @Test func theDocumentReaderRepairsWhatLibxml2Loses() {
        let input = XMLInputDecoder.decode(Data("<root><item>a < b</item><item>c</item></root>".utf8), transportCharset: nil)
        let reader = XMLDocumentReader(reader: XMLStreamReader(vocabulary: Self.vocabulary))
        let outcome = reader.read(
            input, base: nil, makeHandler: { Recorder() },
            score: { $0.events.filter { $0.hasPrefix("<1:2") }.count })
        #expect(outcome.secondPassRan)
        #expect(outcome.report.repaired)
        #expect(outcome.handler.text == "a < bc")
    }

    @Test func inputDecoding() {
        let latin1 = XMLInputDecoder.decode(
            Data([0x3C, 0x61, 0x3E, 0xE6, 0xF8, 0xE5, 0x3C, 0x2F, 0x61, 0x3E]), transportCharset: "iso-8859-1")
        #expect(latin1.encoding == "ISO-8859-1")
        #expect(latin1.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == "<a>æøå</a>")
        let clean = XMLInputDecoder.decode(Data("<a>plain</a>".utf8), transportCharset: nil)
        #expect(!clean.damaged)
        let leading = XMLInputDecoder.decode(Data("\n\n<?xml version=\"1.0\"?><a/>".utf8), transportCharset: nil)
        #expect(leading.withUnsafeBytes { $0.first } == UInt8(ascii: "<"))
    }
}
