internal import CLibXML2
import Foundation

/// The state of one libxml2 push parse: owns the parser context (freed in `deinit`), resolves
/// names, tracks scopes and limits, collects errors, and forwards events to the handler. The C
/// callbacks reach it through libxml2's user-data pointer, only while `run` is on the stack.
/// Per-event state is `@exclusivity(unchecked)`: one parse, one thread, and no overlapping access.
final class XMLParseSession {
    /// The caller (`XMLStreamReader.read`) holds the handler for the whole parse.
    unowned(unsafe) let handler: any XMLStreamHandler
    let limits: XMLReaderLimits
    let entities: XMLEntityResolver
    @exclusivity(unchecked) var scopes: XMLScopes
    @exclusivity(unchecked) var report = XMLParseReport()
    private(set) var context: xmlParserCtxtPtr?

    private var namespaceTable = PointerTable(capacity: 0)
    private var localTable = PointerTable(capacity: 0)
    private var prefixTable = PointerTable(capacity: 0)
    /// Local names not in the vocabulary as spelled, looked up again lowercased (feeds write
    /// `<Title>`, `<pubdate>`); cached per interned name.
    private var lowercasedNames: [String: UInt16] = [:]
    private var foldedCache: [UInt: UInt16] = [:]
    private let noNamespace: UInt8
    private var xmlNamespace: UnsafePointer<UInt8>?
    private var baseName: UnsafePointer<UInt8>?
    private var langName: UnsafePointer<UInt8>?
    @exclusivity(unchecked) private var depth = 0
    @exclusivity(unchecked) private var textInNode = 0
    @exclusivity(unchecked) private var stopped = false

    private static let maximumDiagnostics = 32
    private static let chunkSize = 64 * 1024

    init(
        vocabulary: XMLVocabulary, options: XMLParseOptions, limits: XMLReaderLimits, base: URL?,
        handler: any XMLStreamHandler
    ) {
        self.handler = handler
        self.limits = limits
        self.entities = XMLEntityResolver(expansionBudget: limits.maximumEntityExpansionBytes)
        self.scopes = XMLScopes(documentBase: base)
        self.noNamespace = vocabulary.noNamespace
        var sax = Self.makeSAXHandler()
        context = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(self).toOpaque(), nil, 0, nil)
        guard let context else { return }
        xmlCtxtUseOptions(context, options.libxml2Flags)
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        intern(vocabulary, dictionary: hark_xml_dictionary(context))
    }

    deinit {
        guard let context else { return }
        // A DOCTYPE with internal entity declarations makes libxml2 build a small document of its
        // own, which freeing the context does not free (found by fuzzing).
        if let document = context.pointee.myDoc {
            xmlFreeDoc(document)
            context.pointee.myDoc = nil
        }
        xmlFreeParserCtxt(context)
    }

    private func intern(_ vocabulary: XMLVocabulary, dictionary: xmlDictPtr?) {
        func lookup(_ string: String) -> UnsafePointer<UInt8>? {
            string.withCString {
                xmlDictLookup(dictionary, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), -1)
            }
        }
        namespaceTable = PointerTable(capacity: vocabulary.namespaces.count)
        for (uri, id) in vocabulary.namespaces { if let key = lookup(uri) { namespaceTable.insert(key, UInt16(id)) } }
        localTable = PointerTable(capacity: vocabulary.localNames.count)
        for (name, id) in vocabulary.localNames {
            if let key = lookup(name) { localTable.insert(key, id) }
            let lower = name.lowercased()
            if lowercasedNames[lower] == nil { lowercasedNames[lower] = id }
        }
        prefixTable = PointerTable(capacity: vocabulary.prefixes.count)
        for (prefix, id) in vocabulary.prefixes { if let key = lookup(prefix) { prefixTable.insert(key, UInt16(id)) } }
        xmlNamespace = lookup("http://www.w3.org/XML/1998/namespace")
        baseName = lookup("base")
        langName = lookup("lang")
    }

    /// Parses `bytes` (UTF-8) to the end, or until stopped.
    /// Parses `bytes`; `progress`, if given, hears after each chunk how many leading bytes libxml2
    /// has taken in (it keeps its own copy of what it has not parsed yet).
    func run(_ bytes: UnsafeRawBufferPointer, progress: ((Int) -> Void)? = nil) -> XMLParseReport {
        hark_xml_silence_thread()
        guard let context, let start = bytes.baseAddress else {
            report.errorCount += 1
            report.lostContent = true
            return report
        }
        var offset = 0
        while offset < bytes.count, !stopped {
            let length = min(Self.chunkSize, bytes.count - offset)
            let chunk = (start + offset).assumingMemoryBound(to: CChar.self)
            xmlParseChunk(context, chunk, Int32(length), 0)
            offset += length
            progress?(offset)
        }
        if !stopped { xmlParseChunk(context, nil, 0, 1) }
        report.stoppedEarly = stopped
        handler.endDocument()
        if entities.budgetExhausted, report.limitReached == nil { report.limitReached = .entityExpansion }
        report.errorCount += entities.unknownReferences
        return report
    }

    /// The vocabulary id of a namespace URI (0 when unknown).
    func namespaceID(_ uri: UnsafePointer<UInt8>?) -> UInt8 {
        UInt8(truncatingIfNeeded: namespaceTable.value(uri))
    }

    /// The vocabulary name of a libxml2 name triple.
    @inline(__always)
    func resolve(local: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) -> XMLName {
        let namespace: UInt8
        if let uri {
            namespace = UInt8(truncatingIfNeeded: namespaceTable.value(uri))
        } else if let prefix {
            namespace = UInt8(truncatingIfNeeded: prefixTable.value(prefix))
        } else {
            namespace = noNamespace
        }
        var id = localTable.value(local)
        if id == 0, let local { id = folded(local) }
        return XMLName(namespace: namespace, local: id)
    }

    private func folded(_ local: UnsafePointer<UInt8>) -> UInt16 {
        let key = UInt(bitPattern: local)
        if let id = foldedCache[key] { return id }
        let id = strlen(local) <= 64 ? lowercasedNames[String(cString: local).lowercased()] ?? 0 : 0
        foldedCache[key] = id
        return id
    }

    func stop(_ limit: XMLLimit? = nil) {
        if let limit, report.limitReached == nil { report.limitReached = limit }
        guard !stopped else { return }
        stopped = true
        if let context { xmlStopParser(context) }
    }

    // MARK: Events

    fileprivate func startElement(
        local: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
        namespaceCount: Int, namespaces: UnsafePointer<UnsafePointer<UInt8>?>?,
        attributeCount: Int, attributes: UnsafePointer<UnsafePointer<UInt8>?>?
    ) {
        guard !stopped else { return }
        if let context { _ = hark_xml_take_not_well_formed(context) }
        depth += 1
        textInNode = 0
        if depth == 1 { report.sawRoot = true }
        guard depth <= limits.maximumDepth else { return stop(.depth) }
        if attributeCount > 0, let attributes { enterScopes(attributeCount, attributes) }
        let element = XMLElement(
            name: resolve(local: local, prefix: prefix, uri: uri), depth: depth, localNamePointer: local,
            prefixPointer: prefix, namespacePointers: namespaces, namespaceCount: namespaceCount,
            attributePointers: attributes, attributeCount: attributeCount, errorCount: report.errorCount, session: self)
        if handler.startElement(element) == .stop { stop() }
    }

    private func enterScopes(_ count: Int, _ attributes: UnsafePointer<UnsafePointer<UInt8>?>) {
        var base: String?
        var language: String?
        for index in 0..<count where attributes[index * 5 + 2] == xmlNamespace {
            let local = attributes[index * 5]
            guard local == baseName || local == langName, let start = attributes[index * 5 + 3],
                let end = attributes[index * 5 + 4]
            else { continue }
            let value = XMLAttributeDecoding.decode(
                UnsafeBufferPointer(start: start, count: end - start), entities: entities)
            if local == baseName { base = value } else { language = value }
        }
        if base != nil || language != nil { scopes.enter(depth: depth, base: base, language: language) }
    }

    fileprivate func endElement(local: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?)
    {
        guard !stopped else { return }
        if let context { _ = hark_xml_take_not_well_formed(context) }
        textInNode = 0
        let tag = XMLEndTag(
            name: resolve(local: local, prefix: prefix, uri: uri), depth: depth, errorCount: report.errorCount)
        handler.endElement(tag)
        scopes.leave(depth: depth)
        depth -= 1
    }

    fileprivate func characters(_ text: UnsafePointer<UInt8>, _ length: Int) {
        guard !stopped, depth > 0 else { return }
        if let context { _ = hark_xml_take_not_well_formed(context) }
        let room = limits.maximumTextBytes - textInNode
        guard room > 0 else {
            if report.limitReached == nil { report.limitReached = .textBytes }
            return
        }
        let count = min(length, room)
        if count < length, report.limitReached == nil { report.limitReached = .textBytes }
        textInNode += count
        handler.characters(UnsafeBufferPointer(start: text, count: count))
    }

    fileprivate func entity(named name: UnsafePointer<UInt8>) -> xmlEntityPtr? {
        guard let context else { return nil }
        _ = hark_xml_take_not_well_formed(context)
        return entities.entity(named: name, inAttribute: hark_xml_in_attribute_value(context) != 0)
    }

    fileprivate func error(_ error: xmlError) {
        let level = Int(error.level.rawValue)
        // The DTD is read over, never used: what is wrong in it loses no content.
        if let context, hark_xml_in_subset(context) != 0 {
            report.subsetErrors += 1
            return
        }
        // An undeclared entity that is not fatal means the document has a DTD we do not load, which
        // may declare it: not an error of the document.
        guard level >= 2, level == 3 || error.code != Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) else { return }
        // A namespace name that is not a valid (or absolute) URI still names a namespace.
        guard error.code != Int32(XML_WAR_NS_URI.rawValue), error.code != Int32(XML_WAR_NS_URI_RELATIVE.rawValue) else {
            return
        }
        report.errorCount += 1
        if level == 3, error.code != Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) { report.lostContent = true }
        if report.diagnostics.count < Self.maximumDiagnostics {
            report.diagnostics.append(
                XMLDiagnostic(code: Int(error.code), level: level, line: Int(error.line), column: Int(error.int2)))
        }
    }

    // MARK: C callbacks

    private static func session(_ pointer: UnsafeMutableRawPointer?) -> XMLParseSession {
        Unmanaged<XMLParseSession>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// Runs `body` on the session without retaining it (it is alive for the whole parse): the
    /// retain and release per text event showed in profiles.
    @inline(__always)
    private static func withSession<Result>(
        _ pointer: UnsafeMutableRawPointer?, _ body: (XMLParseSession) -> Result
    ) -> Result {
        Unmanaged<XMLParseSession>.fromOpaque(pointer!)._withUnsafeGuaranteedRef(body)
    }

    private static func makeSAXHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { user, local, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            guard let local else { return }
            XMLParseSession.withSession(user) {
                $0.startElement(
                    local: local, prefix: prefix, uri: uri, namespaceCount: Int(namespaceCount),
                    namespaces: UnsafePointer(namespaces), attributeCount: Int(attributeCount),
                    attributes: UnsafePointer(attributes))
            }
        }
        sax.endElementNs = { user, local, prefix, uri in
            XMLParseSession.withSession(user) { $0.endElement(local: local, prefix: prefix, uri: uri) }
        }
        let characters: charactersSAXFunc = { user, text, length in
            guard let text, length > 0 else { return }
            XMLParseSession.withSession(user) { $0.characters(text, Int(length)) }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.ignorableWhitespace = characters
        sax.getEntity = { user, name in
            guard let name else { return nil }
            return XMLParseSession.session(user).entity(named: name)
        }
        sax.entityDecl = { user, name, type, _, _, content in
            guard let name else { return }
            XMLParseSession.session(user).entities.declare(
                name: name, type: type, content: content.map { UnsafePointer($0) })
        }
        sax.serror = { user, error in
            guard let user, let error else { return }
            XMLParseSession.session(user).error(error.pointee)
        }
        return sax
    }
}
