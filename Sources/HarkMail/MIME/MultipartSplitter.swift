/// Splits a multipart body at its boundary delimiter lines.
///
/// A delimiter is a line that starts with `--boundary` (RFC 2046 compares only the start of the
/// line), followed by `--` for the closing one, or by a blank or the line end for the others; what
/// else the line holds is ignored. A boundary followed by another character is a longer boundary
/// (`abc_alt` is not `abc`), which real mail nests although the RFC forbids it. When no line
/// qualifies, any line starting with `--boundary` is taken. The line break before a delimiter
/// belongs to it, not to the part before. Boundaries of any length are accepted; the search is
/// `memchr` for `-`, so base64 bodies, which hold none, pass at memory speed.
struct MultipartSplitter {
    /// The preamble (nil when the body starts with a delimiter), the parts' bodies, the epilogue (nil
    /// when absent), whether any delimiter was found, whether the closing one was, and whether
    /// parts were left unsplit at `maxParts`.
    struct Result {
        var preamble: ArraySlice<UInt8>?
        var parts: [ArraySlice<UInt8>] = []
        var epilogue: ArraySlice<UInt8>?
        var foundDelimiter = false
        var closed = false
        var cut = false
    }

    let body: ArraySlice<UInt8>
    let delimiter: [UInt8]
    let crBreaks: Bool

    init(body: ArraySlice<UInt8>, boundary: String, crBreaks: Bool = false) {
        self.body = body
        self.delimiter = Array("--\(boundary)".utf8)
        self.crBreaks = crBreaks
    }

    /// Splits into at most `maxParts` parts.
    func split(maxParts: Int) -> Result {
        let strict = split(maxParts: maxParts, strict: true)
        return strict.foundDelimiter ? strict : split(maxParts: maxParts, strict: false)
    }

    private func split(maxParts: Int, strict: Bool) -> Result {
        var result = Result()
        var partStart: Int?
        var cursor = body.startIndex
        while let (lineStart, isClose, next) = nextDelimiter(from: cursor, strict: strict) {
            let contentEnd = ByteScan.terminatorStart(body, before: lineStart, crBreaks: crBreaks)
            if let start = partStart {
                result.parts.append(body[start..<max(start, contentEnd)])
            } else if lineStart > body.startIndex {
                result.preamble = body[body.startIndex..<contentEnd]
            }
            result.foundDelimiter = true
            if isClose {
                result.closed = true
                if next < body.endIndex { result.epilogue = body[next...] }
                return result
            }
            if result.parts.count >= maxParts {
                result.cut = true
                return result
            }
            partStart = next
            cursor = next
        }
        if let start = partStart {
            result.parts.append(body[start...])
        } else {
            result.preamble = body
        }
        return result
    }

    /// The next delimiter line at or after `from`: where it starts, whether it closes, and where the
    /// line after it starts.
    private func nextDelimiter(from: Int, strict: Bool) -> (Int, Bool, Int)? {
        var cursor = from
        while let dash = ByteScan.index(of: 0x2D, in: body, from: cursor) {
            cursor = dash + 1
            guard ByteScan.isLineStart(body, dash, crBreaks: crBreaks), ByteScan.hasPrefix(body, at: dash, delimiter)
            else { continue }
            let after = dash + delimiter.count
            let isClose = ByteScan.hasPrefix(body, at: after, [0x2D, 0x2D])
            let (lineEnd, next) = ByteScan.line(in: body, from: after, crBreaks: crBreaks)
            if strict, !isClose, after < lineEnd, !ByteScan.isBlank(body[after]) { continue }
            return (dash, isClose, next)
        }
        return nil
    }
}
