import Foundation
import HarkXML

/// Turns the reader's events into a raw channel and raw items: which element is what, in which
/// context. Values are kept as written; `FeedItemBuilder` decides precedence and normalises.
///
/// Tolerant by design, because libxml2's recovery may nest items wrongly: a new item closes the one
/// still open, an item may start at any depth except inside a foreign-namespace extension, and
/// what is still open at the end is finished.
///
/// The state touched on every event is `@exclusivity(unchecked)`: one parse runs on one thread, and
/// the dynamic exclusivity checks were a twentieth of the parse time.
final class FeedXMLHandler: XMLStreamHandler {
    enum Root {
        case none
        case feed
        /// An HTML page (a login page, a captive portal).
        case html
        /// Some other XML vocabulary.
        case other
    }

    private(set) var root: Root = .none
    var format: FeedFormat = .rss20
    /// Atom elements without a namespace (`<feed version="0.3">` with no `xmlns`).
    private var atomWithoutNamespace = false
    /// The root is `rss` or `feed` in a namespace nobody knows: its elements count as the format's.
    private var unknownNamespaceIsFeed = false
    var channel = FeedRawChannel()
    /// The items built so far, deduplicated, at most the cap.
    private(set) var items: [FeedItem] = []
    /// Items beyond the cap.
    private(set) var droppedItems = 0
    /// Items whose identity repeated an earlier one's.
    private(set) var duplicateItems = 0
    private var seenKeys: Set<String> = []
    let builder: FeedItemBuilder

    @exclusivity(unchecked) var current: FeedRawItem?
    var itemDepth = 0
    /// Depth of the element whose children are feed-level (RSS `channel`, the Atom root).
    var channelDepth = 0
    /// Depth of a subtree being skipped, and whether it is a foreign extension (no items inside).
    var skipDepth = 0
    var skipIsForeign = false
    var itemSkipDepth = 0
    var itemSkipIsForeign = false
    var mediaGroupDepth = 0
    /// An Atom `author` being read: its depth and the name, email and URI so far.
    var authorDepth = 0
    var authorBuilder = FeedAuthor()
    var capture: FeedCapture? {
        didSet {
            capturing = capture != nil
            captureEscapesText = capture?.escapesText ?? false
        }
    }
    /// Copies of `capture != nil` and its `escapesText`, so that text events do not copy the capture.
    @exclusivity(unchecked) private var capturing = false
    @exclusivity(unchecked) private var captureEscapesText = false
    @exclusivity(unchecked) var buffer = XMLTextBuffer(limit: 4 << 20)
    @exclusivity(unchecked) var markup = XMLMarkupStack()
    /// The number of items the handler found (the recovery passes compare it).
    var score: Int { items.count + droppedItems }

    init(builder: FeedItemBuilder) {
        self.builder = builder
    }

    // MARK: Namespaces

    func isRSS(_ namespace: UInt8) -> Bool {
        namespace == FeedNamespace.none || namespace == FeedNamespace.rss10 || namespace == FeedNamespace.rss090
            || namespace == FeedNamespace.rss2 || (unknownNamespaceIsFeed && namespace == 0 && !isAtomDocument)
    }

    func isAtom(_ namespace: UInt8) -> Bool {
        namespace == FeedNamespace.atom10 || namespace == FeedNamespace.atom03
            || (atomWithoutNamespace && namespace == FeedNamespace.none)
            || (unknownNamespaceIsFeed && namespace == 0 && isAtomDocument)
    }

    var isAtomDocument: Bool { format == .atom10 || format == .atom03 }

    /// A namespace this parser reads (anything else is an extension whose subtree is skipped).
    func isKnown(_ namespace: UInt8) -> Bool { namespace != 0 || unknownNamespaceIsFeed }

    func isItemStart(_ name: XMLName) -> Bool {
        if isAtomDocument {
            // `item` in Atom is not Atom, but feeds written by hand use it.
            return (name.local == FeedLocalName.entry.rawValue || name.local == FeedLocalName.item.rawValue)
                && isAtom(name.namespace)
        }
        return name.local == FeedLocalName.item.rawValue && isRSS(name.namespace)
    }

    // MARK: Events

    func startElement(_ element: XMLElement) -> XMLHandlerAction {
        if element.depth == 1 { return startRoot(element) }
        if capture != nil {
            guard isItemStart(element.name) else {
                captureChild(element)
                return .proceed
            }
            finishCapture()
        }
        if current != nil {
            if isItemStart(element.name), !(itemSkipDepth > 0 && itemSkipIsForeign) {
                finishItem()
                startItem(element)
            } else if itemSkipDepth == 0 {
                itemChild(element)
            }
            return .proceed
        }
        if isItemStart(element.name), !(skipDepth > 0 && skipIsForeign) {
            startItem(element)
        } else if skipDepth == 0 {
            feedChild(element)
        }
        return .proceed
    }

    func endElement(_ tag: XMLEndTag) {
        if let capture {
            if tag.depth == capture.depth { finishCapture() } else { captureEnd(tag) }
            return
        }
        if tag.depth == skipDepth { skipDepth = 0 }
        if tag.depth == itemSkipDepth { itemSkipDepth = 0 }
        if tag.depth == mediaGroupDepth { mediaGroupDepth = 0 }
        if tag.depth == authorDepth { finishAuthor() }
        if current != nil, tag.depth == itemDepth { finishItem(errorCount: tag.errorCount) }
        if tag.depth == channelDepth, !isAtomDocument { channelDepth = 1 }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard capturing else { return }
        if captureEscapesText {
            buffer.appendEscaped(text)
        } else {
            buffer.append(text)
        }
    }

    /// Finishes what a stopped or truncated document left open.
    func endDocument() {
        if capture != nil { finishCapture() }
        if authorDepth > 0 { finishAuthor() }
        if current != nil {
            current?.recovered = true
            finishItem()
        }
    }

    // MARK: Structure

    private func startRoot(_ element: XMLElement) -> XMLHandlerAction {
        let name = element.name
        let version = element.attribute(XMLName(namespace: FeedNamespace.none, local: FeedLocalName.version.rawValue))
            .map(FeedText.strip)
        switch FeedLocalName(rawValue: name.local) {
        case .rss? where name.namespace == 0:
            unknownNamespaceIsFeed = true
            format = version?.hasPrefix("0.9") == true ? .rss09x : .rss20
        case .rss? where isRSS(name.namespace):
            format = version?.hasPrefix("0.9") == true ? .rss09x : .rss20
        case .channel? where isRSS(name.namespace):
            format = .rss20
            channelDepth = 1
        case .rdfRoot? where name.namespace == FeedNamespace.rdf || name.namespace == FeedNamespace.none:
            let declared = element.declaredNamespaces
            format =
                declared.contains(FeedNamespace.rss090) && !declared.contains(FeedNamespace.rss10) ? .rss09x : .rss10
            channelDepth = 1
        case .feed? where name.namespace == FeedNamespace.atom10:
            format = .atom10
        case .feed? where name.namespace == FeedNamespace.atom03:
            format = .atom03
        case .feed? where name.namespace == FeedNamespace.none:
            atomWithoutNamespace = true
            format = version == "0.3" ? .atom03 : .atom10
        case .feed? where name.namespace == 0:
            unknownNamespaceIsFeed = true
            format = version == "0.3" ? .atom03 : .atom10
        case .html?:
            root = .html
            return .stop
        default:
            root = .other
            return .stop
        }
        root = .feed
        if isAtomDocument { channelDepth = 1 }
        channel.rootLanguage = element.language
        return .proceed
    }

    func startItem(_ element: XMLElement) {
        if element.name.namespace == FeedNamespace.rss090 { format = .rss09x }
        guard items.count < builder.options.maximumItems else {
            // Beyond the cap: counted, not read.
            droppedItems += 1
            skip(element)
            return
        }
        var item = FeedRawItem()
        item.base = element.base
        item.errorsAtStart = element.errorCount
        item.about = element.attribute(XMLName(namespace: FeedNamespace.rdf, local: FeedLocalName.about.rawValue))
        current = item
        itemDepth = element.depth
        itemSkipDepth = 0
        mediaGroupDepth = 0
    }

    func finishItem(errorCount: Int? = nil) {
        guard var raw = current else { return }
        if authorDepth > itemDepth { finishAuthor() }
        if let errorCount, errorCount > raw.errorsAtStart { raw.recovered = true }
        current = nil
        let item = builder.build(raw, channel: channel)
        if seenKeys.insert(FeedItemBuilder.identityKey(item)).inserted {
            items.append(item)
        } else {
            duplicateItems += 1
        }
        itemDepth = 0
        itemSkipDepth = 0
        mediaGroupDepth = 0
    }

    func skip(_ element: XMLElement) {
        let foreign = !isKnown(element.name.namespace)
        if current != nil, element.depth > itemDepth {
            itemSkipDepth = element.depth
            itemSkipIsForeign = foreign
        } else {
            skipDepth = element.depth
            skipIsForeign = foreign
        }
    }
}
