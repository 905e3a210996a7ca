import HarkXML

/// The namespaces a feed document may use, as the reader's namespace ids.
enum FeedNamespace {
    static let none: UInt8 = 1
    static let rss10: UInt8 = 2
    static let rss090: UInt8 = 3
    /// Namespaces some RSS 2.0 feeds put their elements in (Userland, Harvard).
    static let rss2: UInt8 = 4
    static let rdf: UInt8 = 5
    static let atom10: UInt8 = 6
    static let atom03: UInt8 = 7
    static let dublinCore: UInt8 = 8
    static let dublinCoreTerms: UInt8 = 9
    static let content: UInt8 = 10
    static let xhtml: UInt8 = 11
    static let iTunes: UInt8 = 12
    static let media: UInt8 = 13
}

/// The local names the feed parser looks at.
enum FeedLocalName: UInt16, CaseIterable {
    case rss = 1
    case channel, item, title, link, description, guid, pubDate, author, language, ttl, enclosure
    case rdfRoot, about, feed, entry, id, updated, published, summary, content, subtitle, tagline, name, email
    case uri, url, modified, issued, created, creator, date, identifier, encoded, body, div, href, rel, type
    case mode, isPermaLink, version, src, group, html, source, contributor, base, lang, homepage, fullitem
    // HTML void elements, written without an end tag when markup is re-serialised.
    case br, img, hr, input, meta, area, col, embed, param, track, wbr

    /// The name as documents spell it (and a few misspellings seen in the wild).
    var spellings: [String] {
        switch self {
        case .rdfRoot: ["RDF"]
        case .pubDate: ["pubDate", "pubdate"]
        case .isPermaLink: ["isPermaLink", "ispermalink"]
        default: [String(describing: self)]
        }
    }

    /// An HTML element that has no end tag (`<br>`), including the ones sharing a feed name.
    var isVoidHTMLElement: Bool {
        rawValue >= FeedLocalName.br.rawValue || self == .link || self == .source || self == .base
    }
}

enum FeedVocabulary {
    static let vocabulary: XMLVocabulary = {
        var localNames: [String: UInt16] = [:]
        for name in FeedLocalName.allCases {
            for spelling in name.spellings { localNames[spelling] = name.rawValue }
        }
        return XMLVocabulary(
            namespaces: [
                "http://purl.org/rss/1.0/": FeedNamespace.rss10,
                "http://my.netscape.com/rdf/simple/0.9/": FeedNamespace.rss090,
                "http://backend.userland.com/rss2": FeedNamespace.rss2,
                "http://backend.userland.com/rss": FeedNamespace.rss2,
                "http://blogs.law.harvard.edu/tech/rss": FeedNamespace.rss2,
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#": FeedNamespace.rdf,
                "http://www.w3.org/2005/Atom": FeedNamespace.atom10,
                "http://purl.org/atom/ns#": FeedNamespace.atom03,
                "http://purl.org/atom/ns#draft-ietf-atompub-format-07": FeedNamespace.atom10,
                "http://purl.org/atom/ns#draft-ietf-atompub-format-08": FeedNamespace.atom10,
                "http://purl.org/atom/ns#draft-ietf-atompub-format-09": FeedNamespace.atom10,
                "http://purl.org/atom/ns#draft-ietf-atompub-format-10": FeedNamespace.atom10,
                "http://purl.org/atom/ns#draft-ietf-atompub-format-11": FeedNamespace.atom10,
                "http://purl.org/dc/elements/1.1/": FeedNamespace.dublinCore,
                "http://purl.org/dc/elements/1.0/": FeedNamespace.dublinCore,
                "http://purl.org/dc/terms/": FeedNamespace.dublinCoreTerms,
                "http://purl.org/rss/1.0/modules/content/": FeedNamespace.content,
                "http://www.w3.org/1999/xhtml": FeedNamespace.xhtml,
                "http://www.itunes.com/dtds/podcast-1.0.dtd": FeedNamespace.iTunes,
                "http://www.itunes.com/DTDs/Podcast-1.0.dtd": FeedNamespace.iTunes,
                "http://search.yahoo.com/mrss/": FeedNamespace.media,
                "http://search.yahoo.com/mrss": FeedNamespace.media,
            ],
            noNamespace: FeedNamespace.none,
            localNames: localNames,
            prefixes: [
                "dc": FeedNamespace.dublinCore, "dcterms": FeedNamespace.dublinCoreTerms,
                "content": FeedNamespace.content, "atom": FeedNamespace.atom10, "rdf": FeedNamespace.rdf,
                "xhtml": FeedNamespace.xhtml, "itunes": FeedNamespace.iTunes, "media": FeedNamespace.media,
            ])
    }()
}
