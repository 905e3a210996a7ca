/// A position in a date string, with the small readers both date grammars share.
struct FeedDateCursor {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func eat(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Skips at least one space; false when there is none.
    mutating func eatSpaces() -> Bool {
        let start = index
        skipSpaces()
        return index > start
    }

    mutating func skipSpaces() {
        while let byte = peek, FeedDate.isSpace(byte) { index += 1 }
    }

    /// Skips what separates date parts: spaces, `,`, `-`, `/`, `.`.
    mutating func skipSeparators() {
        while let byte = peek,
            FeedDate.isSpace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")
        {
            index += 1
        }
    }

    mutating func digits(exactly count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard FeedDate.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    /// One to `limit` digits (more is not a number of that kind: `nil`).
    mutating func digits(atMost limit: Int) -> Int? {
        var value = 0
        var count = 0
        while let byte = peek, FeedDate.isDigit(byte) {
            count += 1
            guard count <= limit else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        return count > 0 ? value : nil
    }

    /// A year of two (50 → 1950, 49 → 2049), three (RFC 2822's obsolete form, + 1900) or four digits.
    mutating func year() -> Int? {
        let start = index
        guard let value = digits(atMost: 4) else { return nil }
        switch index - start {
        case 1, 2: return value + (value < 50 ? 2000 : 1900)
        case 3: return value + 1900
        default: return value
        }
    }

    /// The digits of a decimal fraction (after its point), as a fraction.
    mutating func fraction() -> Double {
        var value = 0.0
        var scale = 0.1
        while let byte = peek, FeedDate.isDigit(byte) {
            value += Double(byte - UInt8(ascii: "0")) * scale
            scale /= 10
            index += 1
        }
        return value
    }

    /// The run of letters at the cursor, if any.
    func peekWord() -> ArraySlice<UInt8>? {
        var end = index
        while end < bytes.count, FeedDate.isLetter(bytes[end]) { end += 1 }
        return end > index ? bytes[index..<end] : nil
    }

    mutating func skipWord() {
        while let byte = peek, FeedDate.isLetter(byte) { index += 1 }
    }

    /// `true` when a number at the cursor is followed by `:` (a time), `false` when not, `nil` when
    /// there is no number.
    var numberFollowedByColon: Bool? {
        var end = index
        while end < bytes.count, FeedDate.isDigit(bytes[end]) { end += 1 }
        guard end > index else { return nil }
        return end < bytes.count && bytes[end] == UInt8(ascii: ":")
    }

    /// A time zone: `Z`, `+hh:mm`, `-hhmm`, `+hh`, a name (`GMT`, `EST`, `CEST`, military letters),
    /// or `GMT+hh:mm`; nothing at all is UTC. The offset in seconds east of UTC; `nil` when unreadable.
    mutating func zone() -> Int? {
        guard let byte = peek else { return 0 }
        if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { return numericOffset() }
        guard let word = peekWord() else { return nil }
        skipWord()
        let name = String(decoding: word, as: UTF8.self).uppercased()
        var offset: Int
        if let hours = Self.namedZones[name] {
            offset = Int(hours * 3600)
        } else if name.count == 1 || (2...5).contains(name.count) {
            // Military letters and unknown abbreviations: RFC 2822 says "unknown", read as UTC.
            offset = 0
        } else {
            return nil
        }
        if let next = peek, next == UInt8(ascii: "+") || next == UInt8(ascii: "-") {
            guard let extra = numericOffset() else { return nil }
            offset += extra
        }
        return offset
    }

    private mutating func numericOffset() -> Int? {
        let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
        index += 1
        let start = index
        guard let first = digits(atMost: 4) else { return nil }
        var hours: Int
        var minutes = 0
        switch index - start {
        case 1, 2:
            hours = first
            if eat(UInt8(ascii: ":")) {
                guard let parsed = digits(exactly: 2) else { return nil }
                minutes = parsed
            }
        case 4:
            hours = first / 100
            minutes = first % 100
        default:
            return nil
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// Zone abbreviations feeds use, in hours east of UTC.
    private static let namedZones: [String: Double] = [
        "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "AST": -4, "ADT": -3, "AKST": -9, "AKDT": -8, "HST": -10, "NST": -3.5, "NDT": -2.5,
        "BST": 1, "CET": 1, "MET": 1, "WEST": 1, "CEST": 2, "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
        "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13,
    ]
}
