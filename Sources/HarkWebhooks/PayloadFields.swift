/// The fields a mapping found in a payload, before clean-up and key derivation.
struct PayloadFields {
    var externalID: JSONValue.Identifier = .absent
    /// Put in front of a found id, so that ids from different id spaces (GitHub issues and comments)
    /// cannot collide.
    var externalIDPrefix = ""
    var text: String?
    var title: String?
    var authorName: String?
    var authorAddress: String?
    var authorHandle: String?
    var link: String?
    var publishedAt: String?
}

/// What a mapping made of a payload object.
enum FieldExtraction {
    case fields(PayloadFields)
    case ignored(String)
    case unparsable(reason: String, detail: String)
}

/// A header value fit to quote in a reason: 1 to 64 characters of `A-Z a-z 0-9 _ . -`, else `nil`.
func quotableToken(_ value: String?) -> String? {
    guard let value, (1...64).contains(value.utf8.count) else { return nil }
    let allowed = value.utf8.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
    return allowed ? value : nil
}
