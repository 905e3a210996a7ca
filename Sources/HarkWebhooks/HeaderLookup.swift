/// The outcome of reading one header that must occur at most once and stay under the size cap.
enum HeaderLookup {
    case absent
    case value(String)
    case malformed(String)

    /// Reads `name` from `headers`: absent, present once within `maximumBytes`, or malformed.
    init(_ headers: WebhookHeaders, _ name: String, maximumBytes: Int) {
        let values = headers.values(for: name)
        guard let value = values.first else {
            self = .absent
            return
        }
        if values.count > 1 {
            self = .malformed("\(name) appears more than once")
        } else if value.utf8.count > maximumBytes {
            self = .malformed("\(name) is longer than \(maximumBytes) bytes")
        } else {
            self = .value(value)
        }
    }
}

/// Checks a delivery or message id: 1 to `maximumBytes` UTF-8 bytes, no control characters.
///
/// - Returns: `nil` when the id is usable, else the reason (naming `header`, never the id).
func deliveryIDProblem(_ id: String, header: String, maximumBytes: Int) -> String? {
    if id.isEmpty { return "\(header) is empty" }
    if id.utf8.count > maximumBytes { return "\(header) is longer than \(maximumBytes) bytes" }
    let hasControl = id.unicodeScalars.contains { scalar in
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
    return hasControl ? "\(header) contains a control character" : nil
}
