/// What a handler tells the reader after a start tag.
public enum XMLHandlerAction: Sendable {
    /// Keep reading.
    case proceed
    /// Stop reading the document now (e.g. its root shows it is not what the handler wants).
    case stop
}

/// Receives a document's events from `XMLStreamReader`, in document order.
///
/// Events are balanced while the document lasts (libxml2 closes what it recovers from), but a
/// truncated or stopped document leaves elements open: `endDocument` comes last either way.
public protocol XMLStreamHandler: AnyObject {
    /// A start tag. `element` is valid only during the call.
    func startElement(_ element: XMLElement) -> XMLHandlerAction
    /// An end tag, named as its start tag was.
    func endElement(_ element: XMLEndTag)
    /// Text (character data, CDATA, entities already decoded) of the current element, in pieces.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// The end of the reading, whole or stopped: finish what is still open.
    func endDocument()
}

extension XMLStreamHandler {
    public func endDocument() {}
}

/// An end tag as the reader delivers it.
public struct XMLEndTag: Sendable {
    /// The name, as the matching start tag had it.
    public let name: XMLName
    /// The depth, as the matching start tag had it (1 for the root).
    public let depth: Int
    /// Errors reported so far in the document (compare with the count at the start tag to know
    /// whether the element was read cleanly).
    public let errorCount: Int
}

/// One problem libxml2 reported, without the document text it may quote.
public struct XMLDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// libxml2's `xmlParserErrors` code (e.g. 76: mismatched end tag).
    public var code: Int
    /// 1: warning, 2: error, 3: fatal (not well-formed).
    public var level: Int
    public var line: Int
    public var column: Int

    public var description: String { "libxml2 error \(code) (level \(level)) at \(line):\(column)" }
}

/// How reading a document went.
public struct XMLParseReport: Sendable {
    /// Problems reported, the first few (see `errorCount`).
    public var diagnostics: [XMLDiagnostic] = []
    /// Errors (level 2 or 3) reported in all.
    public var errorCount = 0
    /// Some error may have lost structure or text (anything fatal but an undeclared entity): a
    /// repair pass may recover more.
    public var lostContent = false
    /// Errors inside the DTD, which is never used (not counted in `errorCount`).
    public var subsetErrors = 0
    /// A root element was read.
    public var sawRoot = false
    /// The handler or a limit stopped the reading before the end.
    public var stoppedEarly = false
    /// A limit was reached (depth, text per node, entity expansion, attributes).
    public var limitReached: XMLLimit?
    /// The document was read from repaired bytes (`XMLRepair`), not as given.
    public var repaired = false

    /// The document was not read as well-formed, namespace-well-formed XML.
    public var recovered: Bool { errorCount > 0 || repaired || limitReached != nil }

    public init() {}
}

/// A reader limit that a document reached.
public enum XMLLimit: String, Sendable, Hashable {
    case depth
    case textBytes = "text_bytes"
    case attributes
    case entityExpansion = "entity_expansion"
    case documentBytes = "document_bytes"
}
