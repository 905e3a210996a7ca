/// Collects the header lines of the final response: a new status line starts over (so `1xx`
/// interim responses and their headers are dropped), and the number of `Content-Encoding`
/// layers and the header size are capped.
struct ResponseHeaders {
    /// Why collection stopped, when it did.
    enum Violation {
        case tooManyEncodings(Int)
        case tooLarge(Int)
    }

    private(set) var fields: [(name: String, value: String)] = []
    private(set) var encodingLayers = 0
    private var byteCount = 0
    let maximumEncodings: Int
    let maximumBytes: Int

    init(maximumEncodings: Int, maximumBytes: Int) {
        self.maximumEncodings = maximumEncodings
        self.maximumBytes = maximumBytes
    }

    /// Takes one line as libcurl delivers it (with CRLF). Returns a violation to abort on.
    mutating func take(_ bytes: UnsafeRawBufferPointer) -> Violation? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0a || bytes[end - 1] == 0x0d { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            fields = []
            encodingLayers = 0
            byteCount = 0
            return nil
        }
        byteCount += bytes.count
        guard byteCount <= maximumBytes else { return .tooLarge(maximumBytes) }
        guard !line.isEmpty else { return nil }
        if line.first == " " || line.first == "\t" {
            // An obsolete folded continuation of the previous field.
            if let last = fields.indices.last { fields[last].value += " " + line.trimmingSpaces }
            return nil
        }
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = String(line[..<colon]).trimmingSpaces
        let value = String(line[line.index(after: colon)...]).trimmingSpaces
        fields.append((name, value))
        if name.lowercased() == "content-encoding" {
            encodingLayers +=
                value.split(separator: ",").filter {
                    let coding = String($0).trimmingSpaces.lowercased()
                    return !coding.isEmpty && coding != "identity"
                }.count
            if encodingLayers > maximumEncodings { return .tooManyEncodings(encodingLayers) }
        }
        return nil
    }

    /// The first value of `name` (case-insensitive).
    func value(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
