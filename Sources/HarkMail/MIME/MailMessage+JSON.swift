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

    private func separate() {
        if needsComma { output += "," }
    }

    private func appendQuoted(_ value: String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}", "\u{2029}": output += "\\u\(String(scalar.value, radix: 16))"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
