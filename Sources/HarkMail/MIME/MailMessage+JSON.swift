import HarkCore

extension MailMessage {
    /// The message as one line of JSON, in the shape `hark parse mail` prints (spec/interface.md):
    /// `{"message_id", "in_reply_to", "references", "subject", "from": {"name", "address"}, "to",
    /// "cc", "date", "text", "html", "new_text", "attachments": [{"filename", "content_type", "size",
    /// "sha256"}], "defects", "flags"}`, keys in that order, the date in RFC 3339 UTC, absent values
    /// `null`, defects as `code` or `code@part`.
    public var inspectionJSON: String {
        let json = JSONLineWriter()
        json.object {
            json.field("message_id", messageID)
            json.field("in_reply_to", inReplyTo)
            json.key("references")
            json.array(references) { json.string($0) }
            json.field("subject", subject)
            json.key("from")
            if let from { json.address(from) } else { json.null() }
            json.key("to")
            json.array(to) { json.address($0) }
            json.key("cc")
            json.array(cc) { json.address($0) }
            json.field("date", date.map(RFC3339.string))
            json.field("text", text)
            json.field("html", html)
            json.field("new_text", newText)
            json.key("attachments")
            json.array(attachments) { attachment in
                json.object {
                    json.field("filename", attachment.filename)
                    json.field("content_type", attachment.contentType)
                    json.key("size")
                    json.raw(String(attachment.size))
                    json.field("sha256", attachment.sha256)
                }
            }
            json.key("defects")
            json.array(defects) { json.string($0.description) }
            json.key("flags")
            json.array(flags) { json.string($0.rawValue) }
        }
        return json.output
    }
}

/// A minimal JSON writer that keeps keys in the order written (the inspection format is read by
/// people and diffed against other parsers' output).
private final class JSONLineWriter {
    var output = ""
    private var needsComma = false

    func object(_ body: () -> Void) {
        separate()
        output += "{"
        needsComma = false
        body()
        output += "}"
        needsComma = true
    }

    func array<T>(_ items: [T], _ element: (T) -> Void) {
        separate()
        output += "["
        needsComma = false
        for item in items { element(item) }
        output += "]"
        needsComma = true
    }

    func key(_ name: String) {
        separate()
        appendQuoted(name)
        output += ":"
        needsComma = false
    }

    func field(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    func address(_ address: MailAddress) {
        object {
            field("name", address.name)
            field("address", address.address)
        }
    }

    func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    func null() { raw("null") }

    func raw(_ literal: String) {
        separate()
        output += literal
        needsComma = true
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private func separate() {
        if needsComma { output += "," }
    }

    private func appendQuoted(_ value: String) {
        output += "\""
        // Most values need no escape at all: append them whole.
        let needsEscape = value.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }
        guard needsEscape else {
            output += value
            output += "\""
            return
        }
        let utf8 = Array(value.utf8)
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + utf8.count / 8 + 8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case 0x22: escaped += [0x5C, 0x22]
            case 0x5C: escaped += [0x5C, 0x5C]
            case 0x0A: escaped += [0x5C, 0x6E]
            case 0x0D: escaped += [0x5C, 0x72]
            case 0x09: escaped += [0x5C, 0x74]
            case 0x00..<0x20, 0x7F:
                escaped += Array("\\u00".utf8) + [Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]]
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] | 1) == 0xA9:
                // U+2028 and U+2029 end lines in JavaScript.
                escaped += Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: escaped.append(byte)
            }
            index += 1
        }
        output += String(decoding: escaped, as: UTF8.self)
        output += "\""
    }
}
