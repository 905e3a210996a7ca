import Foundation
import HarkXML
import HarkFeeds
import Testing

@Suite struct FeedScratchDebugTests {
    final class Null: XMLStreamHandler {
        func startElement(_ element: XMLElement) -> XMLHandlerAction { .proceed }
        func endElement(_ element: XMLEndTag) {}
        func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    }
    @Test func scratch() throws {
        let path = ProcessInfo.processInfo.environment["SCRATCH_FILE"] ?? "/work/shared/corpora/feeds/feedparser/tests/wellformed/rdf/doctype_contains_entity_decl.xml"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let input = XMLInputDecoder.decode(data, transportCharset: nil)
        let reader = XMLStreamReader(vocabulary: XMLVocabulary(namespaces: [:], noNamespace: 1, localNames: [:]))
        let report = input.withUnsafeBytes { reader.read($0, base: nil, handler: Null()) }
        print("SCRATCH", input.encoding, input.damaged, report.errorCount, report.subsetErrors, report.lostContent, report.diagnostics)
    }
}
