internal import CLibXML2
import Foundation

/// Reads untrusted XML as a stream of events with libxml2's SAX2 push parser.
///
/// SAX2 rather than `xmlTextReader`: the reader API builds (and frees) a tree node per event, while
/// SAX2 hands over the parser's own interned names and buffers, so nothing is allocated per event;
/// measured on the benchmark corpus, SAX2 with no-op callbacks runs at about 2.7x the speed of
/// `xmllint --stream`. Names are compared by the address of libxml2's dictionary entries
/// (`XMLVocabulary`), so no string is built for an element nobody asked for.
///
/// Safety: parser options are `XMLParseOptions` (never entity substitution, DTD loading or
/// validation, `HUGE`, network or XInclude); a DOCTYPE is read over, never loaded; entities come only
/// from `XMLEntityResolver`; errors are collected, never printed; depth, text per node, attributes
/// per tag and entity expansion are capped (`XMLReaderLimits`).
public struct XMLStreamReader: Sendable {
    public var vocabulary: XMLVocabulary
    public var options: XMLParseOptions
    public var limits: XMLReaderLimits

    public init(
        vocabulary: XMLVocabulary, options: XMLParseOptions = .safe, limits: XMLReaderLimits = XMLReaderLimits()
    ) {
        self.vocabulary = vocabulary
        self.options = options
        self.limits = limits
    }

    /// Reads UTF-8 `bytes` once, delivering events to `handler`.
    ///
    /// - Parameter base: the document's URL; relative `xml:base` values resolve against it when it is
    ///   http(s), and it is the base of elements without one.
    /// - Parameter progress: hears, as the parse goes, how many leading bytes of `bytes` have been
    ///   handed to libxml2 (which copies what it still needs): a caller that mapped a file can give
    ///   those pages back.
    public func read(
        _ bytes: UnsafeRawBufferPointer, base: URL?, handler: any XMLStreamHandler, progress: ((Int) -> Void)? = nil
    ) -> XMLParseReport {
        LibXML2.initializeOnce()
        var report: XMLParseReport
        if bytes.count > limits.maximumDocumentBytes {
            report = XMLParseReport()
            report.limitReached = .documentBytes
            report.stoppedEarly = true
            return report
        }
        let session = XMLParseSession(
            vocabulary: vocabulary, options: options, limits: limits, base: base, handler: handler)
        report = session.run(bytes, progress: progress)
        return report
    }
}

/// libxml2's process-wide set-up, done once.
enum LibXML2 {
    private static let initialized: Bool = {
        xmlInitParser()
        hark_xml_refuse_external_entities()
        return true
    }()

    static func initializeOnce() {
        _ = initialized
    }
}
