/// Trimming white space without Foundation's `trimmingCharacters` (which goes through `NSString`
/// and UTF-16 on Linux, and showed up in profiles).
public enum XMLWhitespace {
    /// `text` without leading and trailing white space (Unicode's, NBSP included); the same string,
    /// uncopied, when there is none.
    public static func trim(_ text: String) -> String {
        // Most values have nothing to trim: a look at the first and last byte settles it.
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return text }
        return String(scalars[start..<end])
    }

    @inline(__always)
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80
            ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }
}
