/// Bounds on what one document may cost the reader (reliability.md §5, "XML depth").
public struct XMLReaderLimits: Sendable, Hashable {
    /// Deepest element nesting read; deeper, the parse stops (libxml2's own default is 256 too).
    public var maximumDepth = 256
    /// Largest document accepted, in bytes after decoding to UTF-8 (the feed download cap).
    public var maximumDocumentBytes = 20 << 20
    /// Most text delivered for one text node; the rest is dropped and the report says so.
    public var maximumTextBytes = 10 << 20
    /// Most attributes (namespace declarations included) in one start tag. libxml2 2.9 checks
    /// duplicates pairwise, so a tag with a million attributes would take hours: such a document
    /// goes straight to the repair pass, which keeps this many.
    public var maximumAttributes = 512
    /// Most bytes that references to internal entities (declared in the internal DTD subset, plain
    /// text only) may produce in one document.
    public var maximumEntityExpansionBytes = 1 << 20

    public init() {}
}
