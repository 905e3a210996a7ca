internal import CLibXML2
import Foundation

/// Supplies the entities a document references but never (usably) declares.
///
/// Feeds use HTML's named entities (`&nbsp;`, `&eacute;`, `&mdash;`) without a DTD, or with a
/// DOCTYPE naming a DTD that is never loaded. libxml2 asks the SAX `getEntity` callback for every
/// name that is not one of XML's five; this answers from HTML's table (`htmlEntityLookup`), and from
/// the plain-text internal entities the document itself declared (no references inside, bounded
/// size and count, bounded total expansion: no billion laughs, no quadratic blow-up). External
/// entities are never answered, so never loaded.
///
/// In content the entity is handed over as a "predefined" one, which libxml2 inlines as text. In
/// attribute values it copies only the first byte of a predefined entity, so there it gets a
/// general entity and writes `&name;` into the value, which `XMLAttributeDecoding` decodes.
final class XMLEntityResolver {
    private struct Pair {
        let content: UnsafeMutablePointer<xmlEntity>
        let attribute: UnsafeMutablePointer<xmlEntity>
    }

    private var cache: [String: Pair] = [:]
    private var declared: [String: String] = [:]
    private var expansionBudget: Int
    private(set) var budgetExhausted = false
    /// References to entities nobody defines (kept as literal `&name;` text, and counted as errors).
    private(set) var unknownReferences = 0

    private static let maximumDeclaredLength = 1024
    private static let maximumNameLength = 64
    private static let maximumDeclaredCount = 64

    init(expansionBudget: Int) {
        self.expansionBudget = expansionBudget
    }

    deinit {
        for pair in cache.values {
            for entity in [pair.content, pair.attribute] {
                free(UnsafeMutableRawPointer(mutating: entity.pointee.name))
                free(entity.pointee.content)
                // libxml2 hangs the raw text of a declaration on the entity `getEntity` returns
                // for its name (`orig`, allocated with xmlMalloc): ours, when the document declares
                // an entity it also uses. Found by fuzzing.
                if let orig = entity.pointee.orig { hark_xml_free(orig) }
                entity.deallocate()
            }
        }
    }

    /// Records an internal general entity declared in the internal subset, when it is plain text.
    func declare(name: UnsafePointer<UInt8>, type: Int32, content: UnsafePointer<UInt8>?) {
        guard type == Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue), let content,
            declared.count < Self.maximumDeclaredCount
        else { return }
        let length = strlen(content)
        guard length <= Self.maximumDeclaredLength else { return }
        for index in 0..<length {
            switch content[index] {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: "%"): return
            default: continue
            }
        }
        let key = String(cString: name)
        if declared[key] == nil { declared[key] = String(cString: content) }
    }

    /// The entity for `name`. An entity nobody defines (or over the expansion budget) comes back as
    /// its own reference, `&name;`, kept as text the way HTML keeps it, rather than lost.
    func entity(named name: UnsafePointer<UInt8>, inAttribute: Bool) -> UnsafeMutablePointer<xmlEntity>? {
        let length = strlen(name)
        guard length <= Self.maximumNameLength else { return nil }
        let key = String(cString: name)
        let value: String
        var cacheKey = key
        if let declaredValue = declared[key], expansionBudget >= declaredValue.utf8.count {
            expansionBudget -= declaredValue.utf8.count
            value = declaredValue
        } else if declared[key] == nil, let html = Self.htmlEntity(name) {
            value = html
        } else {
            if declared[key] != nil { budgetExhausted = true }
            unknownReferences += 1
            value = "&" + key + ";"
            cacheKey = "&" + key
        }
        if let pair = cache[cacheKey] { return inAttribute ? pair.attribute : pair.content }
        let pair = Pair(
            content: Self.makeEntity(name: name, value: value, type: XML_INTERNAL_PREDEFINED_ENTITY),
            attribute: Self.makeEntity(name: name, value: value, type: XML_INTERNAL_GENERAL_ENTITY))
        cache[cacheKey] = pair
        return inAttribute ? pair.attribute : pair.content
    }

    /// The text of `name` for attribute decoding (declared entities first, then HTML's).
    func value(named name: UnsafePointer<UInt8>) -> String? {
        declared[String(cString: name)] ?? Self.htmlEntity(name)
    }

    /// HTML's named character reference `name`, as a string.
    static func htmlEntity(_ name: UnsafePointer<UInt8>) -> String? {
        guard let description = htmlEntityLookup(name), let scalar = Unicode.Scalar(description.pointee.value) else {
            return nil
        }
        return String(Character(scalar))
    }

    private static func makeEntity(
        name: UnsafePointer<UInt8>, value: String, type: xmlEntityType
    ) -> UnsafeMutablePointer<xmlEntity> {
        let entity = UnsafeMutablePointer<xmlEntity>.allocate(capacity: 1)
        entity.initialize(to: xmlEntity())
        entity.pointee.type = XML_ENTITY_DECL
        entity.pointee.etype = type
        entity.pointee.name = UnsafePointer(strdup(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)))
            .map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
        let bytes = Array(value.utf8)
        let content = malloc(bytes.count + 1)!.assumingMemoryBound(to: UInt8.self)
        content.initialize(from: bytes, count: bytes.count)
        content[bytes.count] = 0
        entity.pointee.content = content
        entity.pointee.length = Int32(bytes.count)
        // Marked as checked, without '<' (libxml2 would otherwise re-parse the text for loops).
        entity.pointee.checked = 2
        return entity
    }
}
