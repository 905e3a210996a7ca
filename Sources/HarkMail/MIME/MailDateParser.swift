import Foundation

/// `Date` header values: RFC 5322 and the lenient forms found in real mail (no weekday, two- and
/// three-digit years, obsolete and named zones, `-600`, `+02:00`, `GMT+0200`, asctime order,
/// ISO `2005-06-06`, `1:17 PM`, comments). A value without a zone is read as UTC. Anything that
/// does not make a real calendar date (year 0, month 13, 31 February, a missing hour) is `nil`.
enum MailDateParser {
    /// The instant and the zone offset (minutes east of UTC) the value was written with.
    static func parse(_ text: String) -> (date: Date, offsetMinutes: Int)? {
        var scanner = DateTokens(text)
        let tokens = scanner.all()
        var numbers: [Int] = []
        var numberLengths: [Int] = []
        var month: Int?
        var time: (hour: Int, minute: Int, second: Int)?
        var offset: Int?
        var pm: Bool?
        var index = 0
        while index < tokens.count {
            switch tokens[index] {
            case .word(let word):
                let lower = word.lowercased()
                if month == nil, let value = monthNumber(lower) {
                    month = value
                } else if lower == "am" || lower == "pm" {
                    pm = lower == "pm"
                } else if offset == nil, time != nil, let zone = zoneMinutes[lower] {
                    offset = zone
                }
            case .number(let value, let length):
                numbers.append(value)
                numberLengths.append(length)
            case .time(let hour, let minute, let second):
                if time == nil { time = (hour, minute, second) }
            case .offset(let minutes):
                if time != nil || offset == nil { offset = minutes }
            case .isoDate(let year, let monthValue, let day):
                numbers = [day, year]
                numberLengths = [2, 4]
                month = monthValue
            }
            index += 1
        }
        guard let month, numbers.count >= 2, let time else { return nil }
        var hour = time.hour
        let minute = time.minute
        var second = time.second
        var day = numbers[0]
        var year = numbers[1]
        var yearLength = numberLengths[1]
        if numberLengths[0] >= 3 || day > 31 {
            (day, year, yearLength) = (numbers[1], numbers[0], numberLengths[0])
        }
        if yearLength <= 2 { year += year < 50 ? 2000 : 1900 } else if yearLength == 3 { year += 1900 }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        if second == 60 { second = 59 }
        if minute == 60 { return nil }
        guard (1...9999).contains(year), (1...12).contains(month), (1...daysIn(month, year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let zone = offset ?? 0
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - zone * 60
        return (Date(timeIntervalSince1970: TimeInterval(seconds)), zone)
    }

    static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        let prefix = String(word.prefix(3))
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        if let index = names.firstIndex(of: prefix) { return index + 1 }
        // Scandinavian and German abbreviations that differ from the English ones.
        switch prefix {
        case "mai", "maj": return 5
        case "okt": return 10
        case "des", "dez": return 12
        case "mär", "mrz": return 3
        default: return nil
        }
    }

    /// Named zones: RFC 5322's obsolete ones, military letters as `-0000` (RFC 5322 §4.3), and the
    /// abbreviations mailers put where the offset belongs.
    static let zoneMinutes: [String: Int] = {
        var zones: [String: Int] = [
            "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
            "mst": -420, "mdt": -360, "pst": -480, "pdt": -420, "cet": 60, "cest": 120, "met": 60, "mest": 120,
            "bst": 60, "eet": 120, "eest": 180, "wet": 0, "west": 60, "jst": 540, "kst": 540, "hkt": 480,
            "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780, "msk": 180,
        ]
        for letter in "abcdefghiklmnopqrstuvwxy" where zones[String(letter)] == nil { zones[String(letter)] = 0 }
        return zones
    }()

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
