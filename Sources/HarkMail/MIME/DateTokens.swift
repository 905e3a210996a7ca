/// The pieces of a date value.
enum DateToken: Equatable {
    case word(String)
    case number(Int, length: Int)
    case time(hour: Int, minute: Int, second: Int)
    /// A numeric zone in minutes: `+0200`, `-600`, `+02:00`, `+02`.
    case offset(Int)
    case isoDate(year: Int, month: Int, day: Int)
}

/// Splits a date value into ``DateToken``s.
struct DateTokens {
    private let bytes: [UInt8]
    private var cursor = 0
    private var sawTime = false

    /// The first 256 bytes of `text` without comments, blanks around `:` removed (`09 : 55`).
    init(_ text: String) {
        var kept: [UInt8] = []
        var depth = 0
        for byte in text.utf8.prefix(256) {
            if byte == 0x28 {
                depth += 1
            } else if byte == 0x29, depth > 0 {
                depth -= 1
            } else if depth == 0 {
                if byte == 0x3A { while kept.last == 0x20 || kept.last == 0x09 { kept.removeLast() } }
                if byte == 0x20 || byte == 0x09, kept.last == 0x3A { continue }
                kept.append(byte)
            }
        }
        bytes = kept
    }

    mutating func all() -> [DateToken] {
        var tokens: [DateToken] = []
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if isDigit(byte) {
                tokens.append(numberOrTime())
            } else if byte == 0x2B || byte == 0x2D, cursor + 1 < bytes.count, isDigit(bytes[cursor + 1]), sawTime {
                cursor += 1
                tokens.append(zone(negative: byte == 0x2D))
            } else if isLetter(byte) {
                let start = cursor
                while cursor < bytes.count, isLetter(bytes[cursor]) { cursor += 1 }
                tokens.append(.word(String(decoding: bytes[start..<cursor], as: UTF8.self)))
            } else {
                cursor += 1
            }
        }
        return tokens
    }

    private mutating func numberOrTime() -> DateToken {
        let (first, length) = digits()
        if cursor + 1 < bytes.count, bytes[cursor] == 0x3A || (bytes[cursor] == 0x2E && isDottedTime(length)),
            isDigit(bytes[cursor + 1])
        {
            let separator = bytes[cursor]
            cursor += 1
            let (minute, _) = digits()
            var second = 0
            if cursor + 1 < bytes.count, bytes[cursor] == separator, isDigit(bytes[cursor + 1]) {
                cursor += 1
                second = digits().value
                if cursor + 1 < bytes.count, bytes[cursor] == 0x2E, isDigit(bytes[cursor + 1]) {
                    cursor += 1
                    _ = digits()
                }
            }
            sawTime = true
            return .time(hour: first, minute: minute, second: second)
        }
        if length == 4, cursor + 2 < bytes.count, bytes[cursor] == 0x2D, isDigit(bytes[cursor + 1]) {
            cursor += 1
            let month = digits().value
            if cursor + 1 < bytes.count, bytes[cursor] == 0x2D, isDigit(bytes[cursor + 1]) {
                cursor += 1
                let day = digits().value
                if cursor < bytes.count, bytes[cursor] == 0x54 || bytes[cursor] == 0x74 { cursor += 1 }
                return .isoDate(year: first, month: month, day: day)
            }
        }
        return .number(first, length: length)
    }

    /// `22.21.22` after the date (some locales): three groups of at most two digits at `cursor`.
    private func isDottedTime(_ hourLength: Int) -> Bool {
        guard hourLength <= 2, !sawTime else { return false }
        var index = cursor
        for _ in 0..<2 {
            guard index < bytes.count, bytes[index] == 0x2E else { return false }
            index += 1
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard (1...2).contains(index - start) else { return false }
        }
        return index == bytes.count || !isDigit(bytes[index]) && bytes[index] != 0x2E
    }

    private mutating func zone(negative: Bool) -> DateToken {
        var (value, length) = digits()
        if length <= 2, cursor + 1 < bytes.count, bytes[cursor] == 0x3A, isDigit(bytes[cursor + 1]) {
            cursor += 1
            value = value * 100 + digits().value
            length = 4
        }
        let hours: Int
        let minutes: Int
        if length <= 2 {
            (hours, minutes) = (value, 0)
        } else {
            (hours, minutes) = (value / 100, value % 100)
        }
        let total = min(hours, 23) * 60 + min(minutes, 59)
        return .offset(negative ? -total : total)
    }

    private mutating func digits() -> (value: Int, length: Int) {
        var value = 0
        var length = 0
        while cursor < bytes.count, isDigit(bytes[cursor]) {
            if length < 9 { value = value * 10 + Int(bytes[cursor] - 0x30) }
            length += 1
            cursor += 1
        }
        return (value, length)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x80 }
}
