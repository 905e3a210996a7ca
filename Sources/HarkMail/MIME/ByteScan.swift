import Foundation

/// Byte-level scanning over message bytes, with `memchr` doing the searching.
///
/// Lines end with CRLF or a bare LF (mail passes through systems that disagree); a run of CRs before
/// an LF counts as one line end, because doubly converted `\r\r\n` is common and never means an
/// empty line. A bare CR ends lines only in a message that has no LF at all (old Mac mail); anywhere
/// else it is content, so a CR smuggled into a display name cannot start a header of its own.
enum ByteScan {
    /// The index of the first `byte` in `bytes[from...]`, or `nil`.
    static func index(of byte: UInt8, in bytes: ArraySlice<UInt8>, from: Int) -> Int? {
        index(of: byte, in: bytes, from: from, to: bytes.endIndex)
    }

    /// The index of the first `byte` in `bytes[from..<to]`, or `nil`.
    static func index(of byte: UInt8, in bytes: ArraySlice<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let start = from - bytes.startIndex
            guard let hit = memchr(base + start, Int32(byte), to - from) else { return nil }
            return bytes.startIndex + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
        }
    }

    /// Where the line starting at `from` ends (`end`, before its terminator) and the next begins.
    /// Without a terminator both are `bytes.endIndex`. Lines end at LF (CRs before it belong to the
    /// terminator); with `crBreaks` (a message without any LF) they end at each CR.
    static func line(in bytes: ArraySlice<UInt8>, from: Int, crBreaks: Bool) -> (end: Int, next: Int) {
        if crBreaks {
            guard let cr = index(of: 0x0D, in: bytes, from: from) else { return (bytes.endIndex, bytes.endIndex) }
            return (cr, cr + 1)
        }
        guard let lf = index(of: 0x0A, in: bytes, from: from) else { return (bytes.endIndex, bytes.endIndex) }
        var end = lf
        while end > from, bytes[end - 1] == 0x0D { end -= 1 }
        return (end, lf + 1)
    }

    /// Whether `index` starts a line: the start of `bytes` or just after a line terminator.
    static func isLineStart(_ bytes: ArraySlice<UInt8>, _ index: Int, crBreaks: Bool) -> Bool {
        index == bytes.startIndex || bytes[index - 1] == 0x0A || (crBreaks && bytes[index - 1] == 0x0D)
    }

    /// The start of the line terminator that ends just before `index` (which starts a line), so that a
    /// part's body can give its last line break to the delimiter that follows.
    static func terminatorStart(_ bytes: ArraySlice<UInt8>, before index: Int, crBreaks: Bool) -> Int {
        guard index > bytes.startIndex else { return index }
        var start = index
        if bytes[start - 1] == 0x0A {
            start -= 1
            while start > bytes.startIndex, bytes[start - 1] == 0x0D { start -= 1 }
        } else if crBreaks, bytes[start - 1] == 0x0D {
            start -= 1
        }
        return start
    }

    /// Whether `bytes[at...]` begins with `prefix`.
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, at: Int, _ prefix: [UInt8]) -> Bool {
        guard bytes.endIndex - at >= prefix.count else { return false }
        var index = at
        for byte in prefix {
            if bytes[index] != byte { return false }
            index += 1
        }
        return true
    }

    /// True for space and horizontal tab.
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }
}

extension StringProtocol {
    /// Whether `needle` occurs in the text, compared byte for byte on UTF-8 (no normalisation).
    ///
    /// For the short fixed phrases the parser looks for; the standard library's `contains(_:)` builds
    /// a search table on every call, which costs more than the search itself on a subject line.
    func containsBytes(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        let haystack = Array(utf8)
        guard haystack.count >= pattern.count else { return false }
        return haystack.withUnsafeBufferPointer { buffer in
            var start = 0
            while start <= buffer.count - pattern.count {
                guard let hit = buffer[start...].firstIndex(of: first), hit <= buffer.count - pattern.count else {
                    return false
                }
                var matched = true
                for offset in 1..<pattern.count where buffer[hit + offset] != pattern[offset] {
                    matched = false
                    break
                }
                if matched { return true }
                start = hit + 1
            }
            return false
        }
    }
}
