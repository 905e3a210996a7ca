import Foundation

/// Decodes an attribute value as libxml2 hands it to a SAX2 handler that does not substitute
/// entities: `&` arrives as `&#38;`, other character references already decoded, and entities the
/// `XMLEntityResolver` supplied as `&name;`.
enum XMLAttributeDecoding {
    /// The value of `bytes` as a string.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, entities: XMLEntityResolver? = nil) -> String {
        guard let start = bytes.baseAddress, memchr(start, Int32(UInt8(ascii: "&")), bytes.count) != nil else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let end = semicolon(after: index, in: bytes) else {
                output.append(byte)
                index += 1
                continue
            }
            let name = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
            if let decoded = reference(name, entities: entities) {
                output.append(contentsOf: decoded.utf8)
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...end]))
            }
            index = end + 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func semicolon(after ampersand: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = ampersand + 1
        let limit = min(bytes.count, ampersand + 40)
        while index < limit {
            if bytes[index] == UInt8(ascii: ";") { return index > ampersand + 1 ? index : nil }
            index += 1
        }
        return nil
    }

    private static func reference(_ name: UnsafeBufferPointer<UInt8>, entities: XMLEntityResolver?) -> String? {
        if name.first == UInt8(ascii: "#") {
            return characterReference(UnsafeBufferPointer(rebasing: name.dropFirst()))
        }
        var cName = Array(name)
        cName.append(0)
        return cName.withUnsafeBufferPointer { pointer in
            entities?.value(named: pointer.baseAddress!) ?? XMLEntityResolver.htmlEntity(pointer.baseAddress!)
        }
    }

    private static func characterReference(_ digits: UnsafeBufferPointer<UInt8>) -> String? {
        var radix: UInt32 = 10
        var slice = digits[...]
        if let first = slice.first, first == UInt8(ascii: "x") || first == UInt8(ascii: "X") {
            radix = 16
            slice = slice.dropFirst()
        }
        guard !slice.isEmpty, slice.count <= 8 else { return nil }
        var value: UInt32 = 0
        for byte in slice {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * radix + digit
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return String(Character(scalar))
    }
}
