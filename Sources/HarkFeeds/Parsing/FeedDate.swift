import Foundation

/// Dates as feeds write them: RFC 822/2822 (`pubDate`) and W3C-DTF/RFC 3339 (Atom, `dc:date`), with
/// the lenient variants met in the wild. `nil` for anything else (localised names, "yesterday") and
/// for years outside 1000...9999. No `DateFormatter`, no locale: pure arithmetic.
enum FeedDate {
    /// The instant `raw` names, or `nil`.
    static func parse(_ raw: String) -> Date? {
        var bytes = Array(raw.utf8)
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        guard bytes.count - start >= 4, bytes.count - start <= 128 else { return nil }
        let text = Array(bytes[start...])
        if let date = FeedW3CDate.parse(text) { return date }
        return FeedRFC822Date.parse(text)
    }

    /// Builds the instant from civil fields, validating them.
    static func make(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, fraction: Double = 0,
        offsetSeconds: Int = 0
    ) -> Date? {
        guard (1000...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
            abs(offsetSeconds) < 24 * 3600
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}

/// W3C-DTF / ISO 8601 / RFC 3339: `2003-12-13T18:30:02Z`, `2003-12-13T18:30:02.25+01:00`,
/// `2003-12-13 18:30`, `2003-12-13`, `2003-12`, `2003`, `20031213`, lowercase `t`/`z`, no zone (UTC).
enum FeedW3CDate {
    static func parse(_ text: [UInt8]) -> Date? {
        var cursor = FeedDateCursor(text)
        guard let year = cursor.digits(exactly: 4) else { return nil }
        var month = 1
        var day = 1
        if cursor.eat(UInt8(ascii: "-")) {
            guard let parsedMonth = cursor.digits(atMost: 2) else { return nil }
            month = parsedMonth
            if cursor.eat(UInt8(ascii: "-")) {
                guard let parsedDay = cursor.digits(atMost: 2) else { return nil }
                day = parsedDay
            }
        } else if let compactMonth = cursor.digits(exactly: 2) {
            guard let compactDay = cursor.digits(exactly: 2) else { return nil }
            (month, day) = (compactMonth, compactDay)
        }
        if cursor.atEnd { return FeedDate.make(year: year, month: month, day: day) }
        guard cursor.eat(UInt8(ascii: "T")) || cursor.eat(UInt8(ascii: "t")) || cursor.eatSpaces() else { return nil }
        guard let hour = cursor.digits(exactly: 2) ?? cursor.digits(atMost: 1) else { return nil }
        let compact = cursor.peek.map(FeedDate.isDigit) ?? false
        guard cursor.eat(UInt8(ascii: ":")) || compact, let minute = cursor.digits(exactly: 2) else { return nil }
        var second = 0
        var fraction = 0.0
        if cursor.eat(UInt8(ascii: ":")) || (compact && cursor.peek.map(FeedDate.isDigit) == true) {
            guard let parsedSecond = cursor.digits(exactly: 2) else { return nil }
            second = parsedSecond
            if cursor.eat(UInt8(ascii: ".")) || cursor.eat(UInt8(ascii: ",")) { fraction = cursor.fraction() }
        }
        cursor.skipSpaces()
        guard let offset = cursor.zone(), cursor.atEnd else { return nil }
        return FeedDate.make(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction,
            offsetSeconds: offset)
    }
}
