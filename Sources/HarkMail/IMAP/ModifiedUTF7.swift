/// IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII stands for itself
/// (`&` as `&-`), everything else is UTF-16 in a modified base64 (`,` for `/`, no padding)
/// between `&` and `-`.
public enum ModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// The modified UTF-7 form of `name`.
    public static func encode(_ name: String) -> String {
        var output: [UInt8] = []
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            output.append(UInt8(ascii: "&"))
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xff)] }
            var index = 0
            while index < bytes.count {
                let chunk = bytes[index..<min(index + 3, bytes.count)]
                let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
                for sextet in 0...chunk.count { output.append(alphabet[(value >> (18 - 6 * sextet)) & 0x3f]) }
                index += 3
            }
            output.append(UInt8(ascii: "-"))
            pending.removeAll()
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7e).contains(scalar.value) {
                flush()
                output.append(UInt8(scalar.value))
                if scalar == "&" { output.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return String(decoding: output, as: UTF8.self)
    }

    /// The name a modified UTF-7 string stands for, or `nil` when it is not valid: a byte outside
    /// printable ASCII, an unterminated or empty-bodied shift, a bad base64 character, leftover
    /// bits, an odd byte count, a lone surrogate, or printable ASCII encoded in base64.
    public static func decode(_ encoded: String) -> String? {
        let bytes = Array(encoded.utf8)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard (0x20...0x7e).contains(byte) else { return nil }
            index += 1
            guard byte == UInt8(ascii: "&") else {
                result.append(Unicode.Scalar(byte))
                continue
            }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "-")) else { return nil }
            if close == index {
                result.append("&")
            } else {
                guard let units = utf16Units(bytes[index..<close]), let decoded = scalars(units) else { return nil }
                result.append(contentsOf: decoded)
            }
            index = close + 1
        }
        return String(result)
    }

    /// The UTF-16 code units of one base64 run, or `nil` when it is malformed.
    private static func utf16Units(_ run: ArraySlice<UInt8>) -> [UInt16]? {
        var bits = 0
        var bitCount = 0
        var octets: [UInt8] = []
        for byte in run {
            let value = values[Int(byte)]
            guard value >= 0 else { return nil }
            bits = (bits << 6 | Int(value)) & 0xffff
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                octets.append(UInt8((bits >> bitCount) & 0xff))
            }
        }
        // What is left must be fewer than 6 zero bits, and the bytes must pair into UTF-16.
        guard bitCount < 6, bits & ((1 << bitCount) - 1) == 0, octets.count % 2 == 0 else { return nil }
        return stride(from: 0, to: octets.count, by: 2).map { UInt16(octets[$0]) << 8 | UInt16(octets[$0 + 1]) }
    }

    /// The scalars of UTF-16 units, refusing lone surrogates and printable ASCII (which must
    /// stand for itself).
    private static func scalars(_ units: [UInt16]) -> [Unicode.Scalar]? {
        var result: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                guard !(0x20...0x7e).contains(scalar.value) else { return nil }
                result.append(scalar)
            case .emptyInput:
                return result
            case .error:
                return nil
            }
        }
    }
}
