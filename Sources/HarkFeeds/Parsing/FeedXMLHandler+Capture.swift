import Foundation
import HarkXML

/// A text construct being gathered into the handler's buffer.
struct FeedCapture {
    /// Where the finished value goes.
    enum Target { case item, channel, author }

    let slot: FeedSlot
    let depth: Int
    var kind: FeedContentKind
    /// Text is XML character data to be written as markup (XHTML content): escape it.
    let escapesText: Bool
    /// Leave out a wrapping XHTML `div` (Atom `type="xhtml"`).
    let skipsWrapper: Bool
    var wrapperDepth = 0
    let base64: Bool
    let base: URL?
    let target: Target
}

extension FeedXMLHandler {
    func beginCapture(
        _ slot: FeedSlot, _ element: XMLElement, kind: FeedContentKind, escapesText: Bool = false,
        skipsWrapper: Bool = false, base64: Bool = false, target: FeedCapture.Target = .item
    ) {
        buffer.removeAll()
        markup.removeAll()
        capture = FeedCapture(
            slot: slot, depth: element.depth, kind: kind, escapesText: escapesText, skipsWrapper: skipsWrapper,
            base64: base64, base: element.base, target: target)
    }

    /// An element inside a text construct: written as markup (which makes the value HTML).
    func captureChild(_ element: XMLElement) {
        guard var capture else { return }
        let name = element.name
        let xhtml = name.namespace == FeedNamespace.xhtml || name.namespace == FeedNamespace.none
        if capture.skipsWrapper, capture.wrapperDepth == 0, element.depth == capture.depth + 1,
            name.namespace == FeedNamespace.xhtml, name.local == FeedLocalName.div.rawValue,
            !buffer.bytes.contains(where: { !XMLTextBuffer.isSpace($0) })
        {
            buffer.removeAll()
            capture.wrapperDepth = element.depth
            self.capture = capture
            return
        }
        capture.kind = .html
        self.capture = capture
        let void = xhtml && (FeedLocalName(rawValue: name.local)?.isVoidHTMLElement ?? false)
        markup.open(element, unprefixed: xhtml, void: void, into: &buffer)
    }

    func captureEnd(_ tag: XMLEndTag) {
        guard var capture else { return }
        if tag.depth == capture.wrapperDepth {
            capture.wrapperDepth = -1
            self.capture = capture
            return
        }
        markup.close(into: &buffer)
    }

    /// Stores the gathered value where it belongs.
    func finishCapture() {
        guard let capture else { return }
        self.capture = nil
        while !markup.isEmpty { markup.close(into: &buffer) }
        var bytes = buffer.bytes.withUnsafeBufferPointer { Array($0) }
        if capture.base64 {
            let encoded = Data(bytes.filter { !XMLTextBuffer.isSpace($0) })
            let decoded = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters)
            bytes = decoded.flatMap { String(validating: $0, as: UTF8.self) }.map { Array($0.utf8) } ?? []
        }
        let value = FeedRawValue(bytes: bytes, kind: capture.kind, base: capture.base)
        switch capture.target {
        case .item:
            current?.set(capture.slot, value)
        case .channel:
            channel.set(capture.slot, value)
        case .author:
            let trimmed = FeedText.strip(value.text)
            guard !trimmed.isEmpty else { return }
            switch capture.slot {
            case .authorName where authorBuilder.name == nil: authorBuilder.name = trimmed
            case .authorEmail where authorBuilder.email == nil: authorBuilder.email = trimmed
            case .authorURI where authorBuilder.uri == nil:
                authorBuilder.uri = FeedLinkResolver.resolve(trimmed, base: FeedLinkResolver.webBase(capture.base))
            default: break
            }
        }
    }
}
