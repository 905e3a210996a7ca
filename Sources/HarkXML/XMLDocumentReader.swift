import Foundation

/// Reads a whole document with recovery: a first pass as given (libxml2's own recovery), and, when
/// that pass was not well-formed in a way that may have lost content, a second pass over the bytes
/// as `XMLRepair` rewrites them; the pass whose handler scores higher (for feeds: more items) wins,
/// the second on a tie.
///
/// A document with a start tag over the attribute limit skips the first pass (libxml2 2.9 would
/// take hours over it).
public struct XMLDocumentReader: Sendable {
    public var reader: XMLStreamReader

    public init(reader: XMLStreamReader) {
        self.reader = reader
    }

    /// The outcome: the winning handler and its pass's report (`repaired` set for the second pass).
    public struct Outcome<Handler> {
        public var handler: Handler
        public var report: XMLParseReport
        /// Both passes ran.
        public var secondPassRan: Bool
    }

    /// Reads `input` with handlers from `makeHandler`.
    ///
    /// - Parameter score: how much a pass found. The second pass wins ties: its input is well-formed,
    ///   so nothing of it was dropped (a stray `&` or `<` costs libxml2's recovery the text after it).
    ///
    /// - Parameter consumed: hears how far into the caller's original bytes the reading has gone
    ///   (their full length once they are no longer read: a decoded or repaired copy is read
    ///   instead), so that a caller that mapped a file can give those pages back as it goes.
    public func read<Handler: XMLStreamHandler>(
        _ input: XMLInput, base: URL?, makeHandler: () -> Handler, score: (Handler) -> Int,
        consumed: ((Int) -> Void)? = nil
    ) -> Outcome<Handler> {
        var progress: ((Int) -> Void)?
        if let consumed {
            if let offset = input.originalOffset {
                progress = { consumed(offset + $0) }
            } else {
                // A decoded copy is read: the original is done with.
                consumed(input.originalCount)
            }
        }
        return input.withUnsafeBytes { bytes in
            let oversized = XMLTagScan.hasOversizedTag(bytes, attributeLimit: reader.limits.maximumAttributes)
            var first: (Handler, XMLParseReport)?
            if !oversized {
                let handler = makeHandler()
                let report = reader.read(bytes, base: base, handler: handler, progress: progress)
                // A DTD so broken that libxml2 gave up in it leaves nothing read: repair (which drops it).
                let mayHaveLost = report.lostContent || (report.subsetErrors > 0 && !report.sawRoot)
                guard mayHaveLost, report.limitReached != .documentBytes else {
                    return Outcome(handler: handler, report: report, secondPassRan: false)
                }
                first = (handler, report)
            }
            let repaired = XMLRepair.repair(bytes, limits: reader.limits)
            consumed?(input.originalCount)
            let handler = makeHandler()
            var report = repaired.withUnsafeBytes { reader.read($0, base: base, handler: handler) }
            report.repaired = true
            if oversized, report.limitReached == nil { report.limitReached = .attributes }
            guard let first else { return Outcome(handler: handler, report: report, secondPassRan: false) }
            let firstScore = score(first.0)
            let secondScore = score(handler)
            if secondScore >= firstScore {
                report.errorCount += first.1.errorCount
                return Outcome(handler: handler, report: report, secondPassRan: true)
            }
            return Outcome(handler: first.0, report: first.1, secondPassRan: true)
        }
    }
}
