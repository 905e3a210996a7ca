internal import CLibXML2

/// One libxml2 HTML parser context driven by SAX callbacks into an ``HTMLEventSink``: no tree is
/// built. It owns the context (freed in `deinit`) and is reused for many parses (``HTMLParserPool``);
/// the sink is reachable from the callbacks only while ``parse(_:into:)`` is on the stack.
final class HTMLSAXParser {
    private let context: htmlParserCtxtPtr
    /// Lookups by the addresses of names in this context's dictionary.
    private let names = HTMLNameCache()

    /// After this many parses, or this many distinct names in its dictionary (every tag and attribute
    /// name it has seen), the context is not reused: its memory cannot grow without end in a daemon.
    private static let maximumParses = 2_000
    private static let maximumDictionaryNames = 2_000
    @exclusivity(unchecked) private var parses = 0

    /// `nil` when libxml2 cannot allocate a context.
    init?() {
        guard let context = htmlNewParserCtxt() else { return nil }
        guard let sax = context.pointee.sax else {
            htmlFreeParserCtxt(context)
            return nil
        }
        sax.pointee = Self.makeHandler()
        self.context = context
    }

    deinit {
        htmlFreeParserCtxt(context)
    }

    /// Whether the context may go back to the pool for another parse.
    var isReusable: Bool {
        parses < Self.maximumParses && Int(xmlDictSize(context.pointee.dict)) < Self.maximumDictionaryNames
    }

    /// Parses `bytes` (UTF-8, no NUL bytes) into `sink` as a document of its own. Returns the input
    /// offset at which the parse was stopped (nesting deeper than the sink accepts, or a fatal libxml2
    /// error), or `nil` when it went to the end.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, into sink: HTMLEventSink) -> Int? {
        parses += 1
        var state = ParseState(sink: sink, names: names, context: context)
        return withUnsafeMutablePointer(to: &state) { state -> Int? in
            guard Self.parseDocument(bytes, context: context, userData: UnsafeMutableRawPointer(state)) else {
                return nil
            }
            return state.pointee.stoppedAt
        }
    }

    /// Parses `bytes` as one document with `context` (its SAX handler already set), with Hark's
    /// options and `userData` reachable from the callbacks; `false` when the input could not be set
    /// up (nothing was parsed).
    static func parseDocument(
        _ bytes: UnsafeBufferPointer<UInt8>, context: htmlParserCtxtPtr, userData: UnsafeMutableRawPointer
    ) -> Bool {
        // Set first: libxml2 hands even an error while setting up the input to `serror`.
        context.pointee.userData = userData
        defer { context.pointee.userData = UnsafeMutableRawPointer(context) }
        htmlCtxtReset(context)
        guard let base = bytes.baseAddress, bytes.count <= Int(Int32.max) else { return false }
        let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        guard let buffer = xmlParserInputBufferCreateMem(raw, Int32(bytes.count), XML_CHAR_ENCODING_NONE) else {
            return false
        }
        guard let input = xmlNewIOInputStream(context, buffer, XML_CHAR_ENCODING_NONE) else {
            xmlFreeParserInputBuffer(buffer)
            return false
        }
        // On failure libxml2 frees the stream (and its buffer) itself.
        guard inputPush(context, input) >= 0 else { return false }
        htmlCtxtUseOptions(context, HTMLParsing.options)
        // What `htmlNewParserCtxt` sets and `htmlCtxtReset` clears: the input is UTF-8. Without it
        // libxml2 guesses an encoding (from a `charset=` in the text) at the first non-ASCII byte.
        context.pointee.charset = Int32(XML_CHAR_ENCODING_UTF8.rawValue)
        htmlParseDocument(context)
        // Frees libxml2's copy of the input now rather than at the next parse.
        htmlCtxtReset(context)
        return true
    }

    /// What the callbacks reach through libxml2's user-data pointer during one parse.
    private struct ParseState {
        unowned(unsafe) let sink: HTMLEventSink
        unowned(unsafe) let names: HTMLNameCache
        let context: htmlParserCtxtPtr
        var stoppedAt: Int? = nil

        /// Stops the parse here, noting the input offset (just after the current start tag's
        /// attributes, where the tree builder stopped).
        mutating func stop() {
            guard stoppedAt == nil else { return }
            stoppedAt = Int(xmlByteConsumed(context))
            xmlStopParser(context)
        }
    }

    @inline(__always)
    private static func state(_ user: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<ParseState> {
        user.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self)
    }

    /// Element, text and error callbacks only. Comments, processing instructions and DOCTYPEs are
    /// not heard; the content of `script` and `style` (libxml2's CDATA blocks) is swallowed, never
    /// passed on as text; no document is started, so no tree is built.
    private static func makeHandler() -> htmlSAXHandler {
        var sax = htmlSAXHandler()
        // Makes libxml2 hand errors to `serror` (below) rather than to the thread's handler.
        sax.initialized = XML_SAX2_MAGIC
        sax.startElement = { user, name, attributes in
            guard let name else { return }
            let state = HTMLSAXParser.state(user)
            let names = state.pointee.names
            if !state.pointee.sink.start(names.element(name), HTMLAttributes(attributes, names: names)) {
                state.pointee.stop()
            }
        }
        sax.endElement = { user, _ in
            HTMLSAXParser.state(user).pointee.sink.end()
        }
        sax.characters = { user, text, length in
            guard let text, length > 0 else { return }
            HTMLSAXParser.state(user).pointee.sink.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        sax.cdataBlock = { _, _, _ in }
        // The HTML parser reports unknown HTML5 tags as errors; none may reach stderr. A fatal one
        // (memory) ends the parse where it happened, and the caller goes on from there.
        sax.serror = { user, error in
            guard let user, let error, error.pointee.level == XML_ERR_FATAL else { return }
            HTMLSAXParser.state(user).pointee.stop()
        }
        return sax
    }
}
