/// The bounds the MIME parser keeps (reliability.md §5, "Mail").
///
/// The message size cap (25 MiB by default) belongs to the caller, who should not hand over more;
/// these limits bound everything the parser does with what it gets.
public struct MailParserLimits: Sendable, Hashable {
    /// The longest physical header line expected; a longer one is recorded as a defect and read as if
    /// it were folded there (Postfix's `line_length_limit` wraps the same way), so nothing is lost
    /// below ``headerBytes``. Default 2,048 bytes.
    public var headerLineBytes: Int
    /// The most header bytes read per header section; the section is cut there, the rest of it
    /// skipped, and the message flagged ``MailFlag/truncated`` (Postfix's `header_size_limit`).
    /// Default 100 KiB.
    public var headerBytes: Int
    /// The deepest nesting of multiparts and attached messages. Default 32.
    public var depth: Int
    /// The most MIME parts in one message, containers included. Default 500.
    public var parts: Int
    /// The most defects listed; one more says the list was cut. Default 100.
    public var defects: Int

    /// Limits with the documented defaults.
    public init(
        headerLineBytes: Int = 2048,
        headerBytes: Int = 100 * 1024,
        depth: Int = 32,
        parts: Int = 500,
        defects: Int = 100
    ) {
        self.headerLineBytes = headerLineBytes
        self.headerBytes = headerBytes
        self.depth = depth
        self.parts = parts
        self.defects = defects
    }
}
