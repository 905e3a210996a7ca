import Foundation

/// Reads the attribute list of a `FETCH` response: `UID`, `INTERNALDATE`, `RFC822.SIZE`,
/// `FLAGS` and `BODY[]` are kept, everything else is skipped (within the depth limit).
enum IMAPFetchParser {
    static func parse(sequenceNumber: UInt32, _ cursor: inout IMAPCursor) throws(IMAPError) -> IMAPFetchResponse {
        var response = IMAPFetchResponse(sequenceNumber: sequenceNumber)
        try cursor.expect(UInt8(ascii: "("), "( opening FETCH data")
        var first = true
        while !cursor.skip(UInt8(ascii: ")")) {
            if !first { try cursor.expectSpace() }
            first = false
            let name = try attributeName(&cursor)
            try cursor.expectSpace()
            switch name {
            case "UID":
                response.uid = try cursor.number32()
            case "RFC822.SIZE":
                let size = try cursor.number()
                guard size <= UInt64(UInt32.max) else { throw .protocolViolation("RFC822.SIZE is out of range") }
                response.size = Int(size)
            case "INTERNALDATE":
                let text = try cursor.quoted()
                response.internalDate = IMAPInternalDate.parse(text)
            case "FLAGS":
                response.flags = try cursor.atomList()
            case "BODY[]", "RFC822":
                response.body = try cursor.nstring()
            default:
                try cursor.skipValue()
            }
        }
        guard cursor.isAtEnd else {
            throw .protocolViolation("a FETCH response goes on after its closing parenthesis")
        }
        return response
    }

    /// An attribute name, upper-cased, with its section and partial range (`BODY[HEADER]<0>`).
    private static func attributeName(_ cursor: inout IMAPCursor) throws(IMAPError) -> String {
        var name: [UInt8] = []
        while let byte = cursor.peek, byte != UInt8(ascii: "["), IMAPCursor.isAtomByte(byte, allowBracket: false) {
            name.append(byte)
            cursor.advance()
        }
        guard !name.isEmpty else { throw .protocolViolation("expected a FETCH attribute name") }
        if cursor.peek == UInt8(ascii: "[") {
            while let byte = cursor.peek {
                name.append(byte)
                cursor.advance()
                if byte == UInt8(ascii: "]") { break }
            }
            guard name.last == UInt8(ascii: "]") else { throw .protocolViolation("a FETCH section is not closed") }
            if cursor.peek == UInt8(ascii: "<") {
                while let byte = cursor.peek {
                    name.append(byte)
                    cursor.advance()
                    if byte == UInt8(ascii: ">") { break }
                }
            }
        }
        return String(decoding: name, as: UTF8.self).uppercased()
    }
}

/// `INTERNALDATE` values: `"17-Jul-1996 02:44:25 -0700"` (the day may be space-padded).
public enum IMAPInternalDate {
    private static let months: [String: Int] = [
        "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
        "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
    ]

    /// The instant `text` names, or `nil` when it is not a well-formed date-time.
    public static func parse(_ text: [UInt8]) -> Date? {
        let string = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let parts = string.split(separator: " ")
        guard parts.count == 3 else { return nil }
        let date = parts[0].split(separator: "-")
        let time = parts[1].split(separator: ":")
        let zone = parts[2]
        guard date.count == 3, time.count == 3, zone.count == 5,
            let day = Int(date[0]), (1...31).contains(day),
            let month = months[date[1].uppercased()],
            let year = Int(date[2]), date[2].count == 4,
            let hour = Int(time[0]), (0...23).contains(hour),
            let minute = Int(time[1]), (0...59).contains(minute),
            let second = Int(time[2]), (0...60).contains(second),
            let sign = zone.first, sign == "+" || sign == "-",
            let zoneValue = Int(zone.dropFirst()), zone.dropFirst().allSatisfy(\.isNumber)
        else { return nil }
        let offset = (zoneValue / 100 * 3600 + zoneValue % 100 * 60) * (sign == "-" ? -1 : 1)
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
