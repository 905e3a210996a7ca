internal import CLibXML2

/// What ``HTMLFastParser`` knows about HTML, all of it learnt from the libxml2 it stands in for, once
/// per process: which elements it reads, which of them are void, which start tag would make libxml2
/// close the element around it (its implied end tags), and the named entities.
///
/// Nothing here is a copy of libxml2's tables: each relation is found by parsing a two-tag document
/// with libxml2's HTML parser and watching its SAX events, so the fast parser follows whatever libxml2
/// the process has loaded. A pair the fast parser meets that libxml2 would close is left to libxml2.
final class HTMLFastVocabulary: Sendable {
    /// An element the fast parser reads.
    struct Entry: Sendable {
        let element: HTMLElement
        /// libxml2 ends it right after its start tag (`br`, `img`, `hr`).
        let isVoid: Bool
    }

    /// The elements the fast parser reads: common inline, block, list and table markup. Anything
    /// else (`script`, `style`, forms, `html`/`head`/`body`, unknown names) goes to libxml2.
    static let names: [String] = [
        "a", "abbr", "acronym", "b", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
        "br", "img", "hr", "wbr",
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre",
        "figure", "figcaption", "section", "article", "header", "footer", "aside", "nav", "main", "address",
        "center",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
    ]

    /// The process's vocabulary, probed from libxml2 at first use (a few milliseconds).
    static let shared = HTMLFastVocabulary()

    let entries: [Entry]
    /// `body`, the element every fragment is parsed inside.
    let body: HTMLElement
    /// `nests[(old + 1) * entries.count + new]`: element `new` may start inside `old` (`-1`: `body`)
    /// without libxml2 ending `old` first.
    private let nests: [Bool]
    private let elementSlots: [Int16]
    private let elementKeys: [HTMLName]
    private let entitySlots: [UInt32]
    private let entityKeys: [HTMLName]
    private static let elementSlotCount = 256
    private static let entitySlotCount = 1024

    private init() {
        HTMLParsing.initializeLibXML2()
        body = HTMLElement.lookup(HTMLName("body"))
        let probe = HTMLStartCloseProbe()
        var entries: [Entry] = []
        for name in Self.names {
            let events = probe.events("<\(name)>x")
            // <body> <name> then: </name> at once for a void element, the text otherwise.
            let isVoid = events.count > 2 && events[2] == "-" + name
            entries.append(Entry(element: HTMLElement.lookup(HTMLName(name)), isVoid: isVoid))
        }
        var nests = [Bool](repeating: false, count: (entries.count + 1) * entries.count)
        for (new, newName) in Self.names.enumerated() {
            // Inside `body`: the start tag must come straight after `body`'s.
            nests[new] = probe.events("<\(newName)>x").dropFirst().first == "+" + newName
        }
        // Elsewhere libxml2's own question, "would this start tag close that element?"
        // (`htmlAutoCloseTag`, a table look-up), except for an element inside itself, which that
        // function does not answer and a parse does. The tests check every pair against parses.
        for (old, oldName) in Self.names.enumerated() where !entries[old].isVoid {
            for (new, newName) in Self.names.enumerated() {
                nests[(old + 1) * entries.count + new] =
                    old == new ? probe.nests(newName, inside: oldName) : !Self.closes(newName, oldName)
            }
        }
        self.entries = entries
        self.nests = nests

        var elementSlots = [Int16](repeating: -1, count: Self.elementSlotCount)
        var elementKeys = [HTMLName](repeating: HTMLName(""), count: Self.elementSlotCount)
        for (index, name) in Self.names.enumerated() {
            let key = HTMLName(name)
            var slot = Int(key.mixed >> 56) & (Self.elementSlotCount - 1)
            while elementSlots[slot] >= 0 { slot = (slot + 1) & (Self.elementSlotCount - 1) }
            elementSlots[slot] = Int16(index)
            elementKeys[slot] = key
        }
        self.elementSlots = elementSlots
        self.elementKeys = elementKeys

        // libxml2's named entities in lowercase (the packed names fold case), found through its own
        // lookup by value (its table is ordered by value). Names with capitals (`Eacute`), and any
        // that shares its value with another, are looked up by name instead.
        var entitySlots = [UInt32](repeating: 0, count: Self.entitySlotCount)
        var entityKeys = [HTMLName](repeating: HTMLName(""), count: Self.entitySlotCount)
        for value in UInt32(1)..<0x2800 {
            guard let entity = htmlEntityValueLookup(value), entity.pointee.value == value,
                let name = entity.pointee.name,
                let lowercase = name.withMemoryRebound(to: UInt8.self, capacity: 1, { Self.lowercaseName($0) })
            else { continue }
            let key = HTMLName(lowercase)
            var slot = Int(key.mixed >> 54) & (Self.entitySlotCount - 1)
            while entitySlots[slot] != 0 { slot = (slot + 1) & (Self.entitySlotCount - 1) }
            entitySlots[slot] = value
            entityKeys[slot] = key
        }
        self.entitySlots = entitySlots
        self.entityKeys = entityKeys
    }

    /// Whether libxml2 ends an open `old` element when a `new` start tag comes (`old != new`).
    private static func closes(_ new: String, _ old: String) -> Bool {
        new.withCString { newName in
            old.withCString { oldName in
                var element = xmlNode()
                element.type = XML_ELEMENT_NODE
                element.name = UnsafeRawPointer(newName).assumingMemoryBound(to: xmlChar.self)
                return htmlAutoCloseTag(nil, UnsafeRawPointer(oldName).assumingMemoryBound(to: xmlChar.self), &element) == 1
            }
        }
    }

    /// Whether element `new` may start inside `old` (`nil`: `body`) without libxml2 ending `old`,
    /// found by parsing the two tags with libxml2 (the tests hold ``nests(_:inside:)`` to it).
    static func probedNests(_ new: String, inside old: String?) -> Bool {
        let probe = HTMLStartCloseProbe()
        guard let old else { return probe.events("<\(new)>x").dropFirst().first == "+" + new }
        return probe.nests(new, inside: old)
    }

    /// The index of `name` in ``names``.
    func index(of name: String) -> Int? { element(HTMLName(name)) }

    /// The C string `name` when it has no capitals; `nil` otherwise.
    private static func lowercaseName(_ name: UnsafePointer<UInt8>) -> String? {
        let text = String(cString: name)
        return text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) || text.utf8.count > 16 ? nil : text
    }

    /// The index of an element the fast parser reads, by its lowercase name.
    @inline(__always)
    func element(_ key: HTMLName) -> Int? {
        var slot = Int(key.mixed >> 56) & (Self.elementSlotCount - 1)
        while true {
            let index = elementSlots[slot]
            if index < 0 { return nil }
            if elementKeys[slot] == key { return Int(index) }
            slot = (slot + 1) & (Self.elementSlotCount - 1)
        }
    }

    /// Whether element `new` may start while `old` (`nil`: `body`) is the innermost open element.
    @inline(__always)
    func nests(_ new: Int, inside old: Int?) -> Bool {
        nests[((old ?? -1) + 1) * entries.count + new]
    }

    /// The code point of named entity `name` (case matters), as libxml2's HTML parser decodes it;
    /// `nil` for a name it does not know.
    func entity(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard let base = name.baseAddress, let key = HTMLName(bytes: base, count: name.count),
            !name.contains(where: { $0 >= 0x41 && $0 <= 0x5A })
        else { return name.count <= 32 ? entityByName(name) : nil }
        var slot = Int(key.mixed >> 54) & (Self.entitySlotCount - 1)
        while true {
            let value = entitySlots[slot]
            if value == 0 { return entityByName(name) }
            if entityKeys[slot] == key { return value }
            slot = (slot + 1) & (Self.entitySlotCount - 1)
        }
    }

    /// libxml2's own lookup (a linear search): names with capitals (`&Eacute;`), and any the table
    /// above missed.
    private func entityByName(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 1) { buffer in
            _ = buffer.initialize(from: name)
            buffer[name.count] = 0
            guard let entity = htmlEntityLookup(buffer.baseAddress) else { return nil }
            return entity.pointee.value
        }
    }
}

/// Runs libxml2's HTML parser over tiny documents and records its element events, with the same
/// options and `<body><body>` prefix as ``HTMLParsing``.
final class HTMLStartCloseProbe {
    private let context: htmlParserCtxtPtr?
    /// `+name` for a start, `-name` for an end, `#` for text.
    private var log: [String] = []

    init() {
        context = htmlNewParserCtxt()
        guard let context, let sax = context.pointee.sax else { return }
        var handler = htmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElement = { user, name, _ in
            guard let user, let name else { return }
            Unmanaged<HTMLStartCloseProbe>.fromOpaque(user).takeUnretainedValue().log.append("+" + String(cString: name))
        }
        handler.endElement = { user, name in
            guard let user, let name else { return }
            Unmanaged<HTMLStartCloseProbe>.fromOpaque(user).takeUnretainedValue().log.append("-" + String(cString: name))
        }
        handler.characters = { user, _, _ in
            guard let user else { return }
            Unmanaged<HTMLStartCloseProbe>.fromOpaque(user).takeUnretainedValue().log.append("#")
        }
        handler.serror = { _, _ in }
        sax.pointee = handler
    }

    deinit {
        if let context { htmlFreeParserCtxt(context) }
    }

    /// Whether a `new` start tag right after an `old` one comes inside it.
    func nests(_ new: String, inside old: String) -> Bool {
        let events = events("<\(old)><\(new)>x")
        return events.count > 2 && events[1] == "+" + old && events[2] == "+" + new
    }

    /// The events of `<body><body>` + `markup`; empty when libxml2 could not parse.
    func events(_ markup: String) -> [String] {
        guard let context else { return [] }
        log.removeAll(keepingCapacity: true)
        let bytes = Array(("<body><body>" + markup).utf8)
        let parsed = bytes.withUnsafeBufferPointer {
            HTMLSAXParser.parseDocument($0, context: context, userData: Unmanaged.passUnretained(self).toOpaque())
        }
        return parsed ? log : []
    }
}
