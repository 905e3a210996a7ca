/// The bounds the IMAP client keeps on what a server sends (reliability.md H7 and §5), so that a
/// hostile or broken server costs bounded memory and time.
public struct IMAPLimits: Sendable, Hashable {
    /// The longest response line, without its literals (CRLF excluded). A `SEARCH` answer of about
    /// 500,000 UIDs fits in the default of 4 MiB; a longer line is a `protocol_error`.
    public var maximumLineLength: Int
    /// The message size cap (default 25 MiB): a literal announced larger is drained from the
    /// connection without being held, and the message is reported as too large.
    public var maximumLiteralSize: Int
    /// What one response may hold in all (lines and literals kept); more is a `protocol_error`.
    public var maximumResponseBytes: Int
    /// The message bytes one `UID FETCH` may hold. Bodies past it are drained and reported as
    /// deferred, to be fetched by the next command, so a session stays within about
    /// `maximumBatchBytes + maximumLiteralSize` whatever the batch size.
    public var maximumBatchBytes: Int
    /// Untagged responses tolerated while one command runs, beyond one per message it asked for:
    /// an endless untagged stream ends as a `protocol_error` instead of running to the timeout.
    public var maximumUntaggedResponses: Int
    /// The deepest parenthesised list accepted in a response (`BODYSTRUCTURE` nests).
    public var maximumListDepth: Int

    /// The defaults of reliability.md §5.
    public init(
        maximumLineLength: Int = 4 << 20,
        maximumLiteralSize: Int = 25 << 20,
        maximumResponseBytes: Int = 30 << 20,
        maximumBatchBytes: Int = 32 << 20,
        maximumUntaggedResponses: Int = 100_000,
        maximumListDepth: Int = 64
    ) {
        self.maximumLineLength = maximumLineLength
        self.maximumLiteralSize = maximumLiteralSize
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumBatchBytes = maximumBatchBytes
        self.maximumUntaggedResponses = maximumUntaggedResponses
        self.maximumListDepth = maximumListDepth
    }
}
