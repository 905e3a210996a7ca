import Foundation

extension ParsedFeed {
    /// The JSON object `hark parse feed` prints (spec/interface.md, "Inspection JSON"), on one line:
    /// `{"format","recovered","title","link","language","items":[{"id","title","link","author",
    /// "published","updated","text","html"}]}` in that order, RFC 3339 UTC dates, `null` for missing.
    /// `author` is `{"name","email","uri"}` or `null`.
    public func inspectionJSON() -> String {
        var bytes: [UInt8] = []
        writeInspectionJSON { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `inspectionJSON()` as UTF-8 bytes handed to `write` in pieces of about 64 KiB (no newline at
    /// the end): a command streams it out without holding the whole line.
    public func writeInspectionJSON(_ write: (UnsafeBufferPointer<UInt8>) -> Void) {
        withoutActuallyEscaping(write) { write in writeJSON(JSONLineWriter(flush: write)) }
    }

    private func writeJSON(_ writer: JSONLineWriter) {
        var json = writer
        json.raw("{\"format\":")
        json.string(format.rawValue)
        json.raw(",\"recovered\":")
        json.raw(recovered ? "true" : "false")
        json.raw(",\"title\":")
        json.string(title)
        json.raw(",\"link\":")
        json.string(link)
        json.raw(",\"language\":")
        json.string(language)
        json.raw(",\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"id\":")
            json.string(item.id)
            json.raw(",\"title\":")
            json.string(item.title)
            json.raw(",\"link\":")
            json.string(item.link)
            json.raw(",\"author\":")
            if let author = item.author {
                json.raw("{\"name\":")
                json.string(author.name)
                json.raw(",\"email\":")
                json.string(author.email)
                json.raw(",\"uri\":")
                json.string(author.uri)
                json.raw("}")
            } else {
                json.raw("null")
            }
            json.raw(",\"published\":")
            json.date(item.published)
            json.raw(",\"updated\":")
            json.date(item.updated)
            json.raw(",\"text\":")
            json.string(item.text)
            json.raw(",\"html\":")
            json.string(item.html)
            json.raw("}")
            json.flushIfFull()
        }
        json.raw("]}")
        json.flush()
    }
}
