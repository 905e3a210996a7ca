/// The generic preset and the JSON Pointer mapping.
extension PayloadMapping {
    /// Top-level `id`, `text`, `title`, `author`, `url` and `published_at`.
    static func extractGeneric(_ object: [String: Any]) -> FieldExtraction {
        var fields = PayloadFields()
        fields.externalID = JSONValue.identifier(object["id"])
        fields.text = JSONValue.string(object["text"])
        fields.title = JSONValue.string(object["title"])
        if let name = JSONValue.string(object["author"]) {
            fields.authorName = name
        } else if let author = JSONValue.object(object["author"]) {
            fields.authorName = JSONValue.string(author["name"])
            fields.authorAddress = JSONValue.string(author["email"])
            fields.authorHandle = JSONValue.string(author["handle"])
        }
        fields.link = JSONValue.string(object["url"])
        fields.publishedAt = JSONValue.string(object["published_at"])
        return .fields(fields)
    }

    /// Each field where its pointer leads; a pointer that finds nothing, or a value of the wrong
    /// type for a text field, leaves the field empty.
    static func extractPointers(_ pointers: FieldPointers, _ object: [String: Any]) -> FieldExtraction {
        func string(_ pointer: JSONPointer?) -> String? {
            pointer.flatMap { JSONValue.string($0.resolve(in: object)) }
        }
        var fields = PayloadFields()
        if let pointer = pointers.externalID {
            fields.externalID = JSONValue.identifier(pointer.resolve(in: object))
        }
        fields.text = string(pointers.text)
        fields.title = string(pointers.title)
        fields.authorName = string(pointers.authorName)
        fields.authorAddress = string(pointers.authorAddress)
        fields.authorHandle = string(pointers.authorHandle)
        fields.link = string(pointers.link)
        fields.publishedAt = string(pointers.publishedAt)
        return .fields(fields)
    }
}
