import Foundation
import HarkXML

/// Which element is which field, at feed level, item level and inside an Atom `author`.
extension FeedXMLHandler {
    private static func name(_ namespace: UInt8, _ local: FeedLocalName) -> XMLName {
        XMLName(namespace: namespace, local: local.rawValue)
    }

    private func plainAttribute(_ element: XMLElement, _ local: FeedLocalName) -> String? {
        element.attribute(Self.name(FeedNamespace.none, local))
    }

    /// A child of the channel (RSS) or of the root (Atom), or deeper outside any item.
    func feedChild(_ element: XMLElement) {
        if authorDepth > 0 { return authorChild(element) }
        let name = element.name
        let local = FeedLocalName(rawValue: name.local)
        if !isAtomDocument, local == .channel, isRSS(name.namespace) {
            channelDepth = element.depth
            if name.namespace == FeedNamespace.rss090 { format = .rss09x }
            return
        }
        guard element.depth == channelDepth + 1, let local else { return skip(element) }
        switch name.namespace {
        case let namespace where !isAtomDocument && isRSS(namespace):
            switch local {
            case .title: beginCapture(.feedTitle, element, kind: .unspecified, target: .channel)
            case .link:
                if let link = link(element) { channel.append(link) }
                beginCapture(.feedLink, element, kind: .text, target: .channel)
            case .language: beginCapture(.feedLanguage, element, kind: .text, target: .channel)
            case .ttl: beginCapture(.feedTTL, element, kind: .text, target: .channel)
            default: skip(element)
            }
        case let namespace where isAtom(namespace):
            switch local {
            case .title where isAtomDocument: beginAtomCapture(.feedTitle, element, target: .channel)
            case .link:
                if let link = link(element) { channel.append(link) }
                skip(element)
            case .author where isAtomDocument: beginAuthor(element)
            default: skip(element)
            }
        case FeedNamespace.dublinCore:
            switch local {
            case .language: beginCapture(.feedLanguage, element, kind: .text, target: .channel)
            case .creator: beginCapture(.dcCreator, element, kind: .text, target: .channel)
            case .title: beginCapture(.feedAlternateTitle, element, kind: .unspecified, target: .channel)
            default: skip(element)
            }
        case FeedNamespace.iTunes where local == .author:
            beginCapture(.iTunesAuthor, element, kind: .text, target: .channel)
        default:
            skip(element)
        }
    }

    /// A child of the current item (or of a `media:group` in it).
    func itemChild(_ element: XMLElement) {
        if authorDepth > 0 { return authorChild(element) }
        let name = element.name
        let depth = element.depth
        let inGroup = mediaGroupDepth > 0 && depth == mediaGroupDepth + 1
        guard depth == itemDepth + 1 || inGroup, let local = FeedLocalName(rawValue: name.local) else {
            return skip(element)
        }
        switch name.namespace {
        case let namespace where !isAtomDocument && isRSS(namespace) && !inGroup:
            rssItemChild(element, local)
        case let namespace where isAtom(namespace) && !inGroup:
            atomItemChild(element, local)
        case FeedNamespace.dublinCore where !inGroup:
            switch local {
            case .title: beginCapture(.dcTitle, element, kind: .unspecified)
            case .creator, .author: beginCapture(.dcCreator, element, kind: .text)
            case .date: beginCapture(.dcDate, element, kind: .text)
            case .description: beginCapture(.dcDescription, element, kind: .html)
            case .identifier: beginCapture(.dcIdentifier, element, kind: .text)
            default: skip(element)
            }
        case FeedNamespace.dublinCoreTerms where !inGroup:
            switch local {
            case .issued: beginCapture(.termsIssued, element, kind: .text)
            case .created: beginCapture(.termsCreated, element, kind: .text)
            case .modified: beginCapture(.termsModified, element, kind: .text)
            default: skip(element)
            }
        case FeedNamespace.content where local == .encoded && !inGroup:
            beginCapture(.contentEncoded, element, kind: .html)
        case FeedNamespace.xhtml where (local == .body || local == .div) && !inGroup:
            beginCapture(.xhtmlBody, element, kind: .html, escapesText: true)
        case FeedNamespace.iTunes where !inGroup:
            switch local {
            case .author: beginCapture(.iTunesAuthor, element, kind: .text)
            case .summary: beginCapture(.iTunesSummary, element, kind: .html)
            default: skip(element)
            }
        case FeedNamespace.media:
            switch local {
            case .group where !inGroup: mediaGroupDepth = depth
            case .title: beginCapture(.mediaTitle, element, kind: mediaKind(element))
            case .description: beginCapture(.mediaDescription, element, kind: mediaKind(element))
            default: skip(element)
            }
        default:
            skip(element)
        }
    }

    private func rssItemChild(_ element: XMLElement, _ local: FeedLocalName) {
        switch local {
        case .title: beginCapture(.title, element, kind: .unspecified)
        case .link:
            if let link = link(element) { current?.links.append(link) }
            beginCapture(.rssLink, element, kind: .text)
        case .description: beginCapture(.description, element, kind: .html)
        case .fullitem: beginCapture(.contentEncoded, element, kind: .html)
        case .body: beginCapture(.xhtmlBody, element, kind: .html, escapesText: true)
        case .guid:
            if let permaLink = plainAttribute(element, .isPermaLink),
                FeedText.token(permaLink) != "true"
            {
                current?.guidIsNotPermaLink = true
            }
            beginCapture(.guid, element, kind: .text)
        case .pubDate: beginCapture(.pubDate, element, kind: .text)
        case .author: beginCapture(.rssAuthor, element, kind: .text)
        case .enclosure:
            if current?.enclosure == nil, let url = plainAttribute(element, .url) {
                current?.enclosure = FeedRawLink(href: url, rel: "enclosure", type: nil, base: element.base)
            }
            skip(element)
        default: skip(element)
        }
    }

    private func atomItemChild(_ element: XMLElement, _ local: FeedLocalName) {
        switch local {
        case .title: beginAtomCapture(.title, element)
        case .link:
            if let link = link(element) { current?.links.append(link) }
            skip(element)
        case .id: beginCapture(.atomID, element, kind: .text)
        case .updated: beginCapture(.updated, element, kind: .text)
        case .modified: beginCapture(.modified, element, kind: .text)
        case .published: beginCapture(.published, element, kind: .text)
        case .issued: beginCapture(.issued, element, kind: .text)
        case .created: beginCapture(.created, element, kind: .text)
        case .summary: beginAtomCapture(.summary, element)
        case .content:
            if plainAttribute(element, .src) != nil { return skip(element) }
            beginAtomCapture(.atomContent, element)
        case .author: beginAuthor(element)
        default: skip(element)
        }
    }

    /// A child of an Atom `author`.
    func authorChild(_ element: XMLElement) {
        guard element.depth == authorDepth + 1, isAtom(element.name.namespace),
            let local = FeedLocalName(rawValue: element.name.local)
        else { return skip(element) }
        switch local {
        case .name: beginCapture(.authorName, element, kind: .text, target: .author)
        case .email: beginCapture(.authorEmail, element, kind: .text, target: .author)
        case .uri, .url, .homepage: beginCapture(.authorURI, element, kind: .text, target: .author)
        default: skip(element)
        }
    }

    func beginAuthor(_ element: XMLElement) {
        authorDepth = element.depth
        authorBuilder = FeedAuthor()
    }

    func finishAuthor() {
        let author = authorBuilder
        authorDepth = 0
        authorBuilder = FeedAuthor()
        guard author.name != nil || author.email != nil || author.uri != nil else { return }
        if current != nil {
            if current?.author == nil { current?.author = author }
        } else if channel.author == nil {
            channel.author = author
        }
    }

    /// An Atom-style link from `href`, `rel` and `type` attributes.
    private func link(_ element: XMLElement) -> FeedRawLink? {
        guard let href = plainAttribute(element, .href) else { return nil }
        return FeedRawLink(
            href: href, rel: plainAttribute(element, .rel), type: plainAttribute(element, .type), base: element.base)
    }

    private func mediaKind(_ element: XMLElement) -> FeedContentKind {
        plainAttribute(element, .type)?.lowercased() == "html" ? .html : .text
    }

    /// Starts capturing an Atom text construct, read according to its `type` (and Atom 0.3 `mode`).
    private func beginAtomCapture(_ slot: FeedSlot, _ element: XMLElement, target: FeedCapture.Target = .item) {
        let type = plainAttribute(element, .type).map(FeedText.token)
        let mode = plainAttribute(element, .mode).map(FeedText.token)
        switch FeedAtomType(type: type, mode: mode, atom03: element.name.namespace == FeedNamespace.atom03) {
        case .text: beginCapture(slot, element, kind: .text, target: target)
        case .html: beginCapture(slot, element, kind: .html, target: target)
        case .xhtml: beginCapture(slot, element, kind: .html, escapesText: true, skipsWrapper: true, target: target)
        case .base64(let kind): beginCapture(slot, element, kind: kind, base64: true, target: target)
        case .unsupported: skip(element)
        }
    }
}
