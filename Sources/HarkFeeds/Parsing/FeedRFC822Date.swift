import Foundation

/// RFC 822/2822 dates as feeds write them: `Thu, 11 Jan 2007 16:00:00 +0000`, and `11 Jan 07 16:00
/// EST`, `Thu,11 jan 2007 16:00:00 GMT`, `11-Jan-2007`, `Jan 11 2007 16:00:00`, `Thu Jan 11 16:00:00
/// 2007` (asctime), full month names, named zones, missing seconds, a missing zone (UTC), a trailing
/// `(comment)`. Month names are English only: a localised date is not guessed at.
enum FeedRFC822Date {
    static func parse(_ text: [UInt8]) -> Date? {
        var cursor = FeedDateCursor(text)
        cursor.skipSeparators()
        if let word = cursor.peekWord(), month(word) == nil {
            // A weekday: any word that is not a month, skipped unchecked.
            cursor.skipWord()
            cursor.skipSeparators()
        }
        let day: Int
        let monthNumber: Int
        var year: Int?
        if let word = cursor.peekWord() {
            guard let parsed = month(word) else { return nil }
            monthNumber = parsed
            cursor.skipWord()
            cursor.skipSeparators()
            guard let parsedDay = cursor.digits(atMost: 2) else { return nil }
            day = parsedDay
            cursor.skipSeparators()
            if cursor.numberFollowedByColon == false {
                year = cursor.year()
                cursor.skipSeparators()
            }
        } else {
            guard let parsedDay = cursor.digits(atMost: 2) else { return nil }
            day = parsedDay
            cursor.skipSeparators()
            guard let word = cursor.peekWord(), let parsed = month(word) else { return nil }
            monthNumber = parsed
            cursor.skipWord()
            cursor.skipSeparators()
            guard let parsedYear = cursor.year() else { return nil }
            year = parsedYear
            cursor.skipSpaces()
            _ = cursor.eat(UInt8(ascii: ","))
            cursor.skipSpaces()
        }
        var hour = 0
        var minute = 0
        var second = 0
        if cursor.numberFollowedByColon == true {
            hour = cursor.digits(atMost: 2) ?? 99
            _ = cursor.eat(UInt8(ascii: ":"))
            guard let parsedMinute = cursor.digits(atMost: 2) else { return nil }
            minute = parsedMinute
            if cursor.eat(UInt8(ascii: ":")) {
                guard let parsedSecond = cursor.digits(atMost: 2) else { return nil }
                second = parsedSecond
                if cursor.eat(UInt8(ascii: ".")) { _ = cursor.fraction() }
            }
            cursor.skipSpaces()
        }
        var offset = 0
        for _ in 0..<2 where !cursor.atEnd && cursor.peek != UInt8(ascii: "(") {
            if year == nil, let byte = cursor.peek, FeedDate.isDigit(byte) {
                year = cursor.year()  // asctime: the year after the time (and zone)
            } else {
                guard let zone = cursor.zone() else { return nil }
                offset = zone
            }
            cursor.skipSpaces()
        }
        guard cursor.atEnd || cursor.peek == UInt8(ascii: "("), let year else { return nil }
        return FeedDate.make(
            year: year, month: monthNumber, day: day, hour: hour, minute: minute, second: second,
            offsetSeconds: offset)
    }

    /// The month an English month name or abbreviation (three letters at least, any case) names.
    static func month(_ word: ArraySlice<UInt8>) -> Int? {
        guard word.count >= 3 else { return nil }
        for (index, name) in names.enumerated() where word.count <= name.count {
            if zip(word, name).allSatisfy({ ($0 | 0x20) == $1 }) { return index + 1 }
        }
        return nil
    }

    private static let names: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ].map { Array($0.utf8) }
}
