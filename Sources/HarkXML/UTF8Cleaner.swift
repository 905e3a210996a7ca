import Foundation

/// Makes UTF-8 safe for libxml2: invalid sequences become U+FFFD, and the characters XML forbids
/// (C0 controls but tab, line feed and carriage return; NUL; U+FFFE and U+FFFF) are removed.
///
/// A clean document (nearly all) is scanned eight bytes at a time and never copied.
enum UTF8Cleaner {
    enum Outcome {
        /// Valid and clean: use the bytes as they are.
        case clean
        /// The cleaned bytes, how many invalid sequences were replaced and characters removed.
        case cleaned([UInt8], replaced: Int, removed: Int)
        /// Invalid, and without a single valid multi-byte sequence: a legacy 8-bit charset mislabelled
        /// (or unlabelled) as UTF-8.
        case notUTF8
    }

    static func clean(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard let first = firstProblem(bytes) else { return .clean }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        output.append(contentsOf: bytes[..<first])
        var replaced = 0
        var removed = 0
        var multibyte = 0
        var index = first
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                    removed += 1
                } else {
                    output.append(byte)
                }
                index += 1
                continue
            }
            let length = sequenceLength(bytes, index)
            if length == 0 {
                replaced += 1
                output.append(contentsOf: replacement)
                index += 1
            } else if length == 3, isNonCharacter(bytes, index) {
                removed += 1
                index += 3
            } else {
                multibyte += 1
                output.append(contentsOf: bytes[index..<(index + length)])
                index += length
            }
        }
        if replaced > 0 && multibyte == 0 && !hasValidMultibyte(bytes, before: first) { return .notUTF8 }
        return .cleaned(output, replaced: replaced, removed: removed)
    }

    /// The index of the first byte that needs attention, or `nil` when all is valid and allowed.
    private static func firstProblem(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let count = bytes.count
        var index = 0
        while index < count {
            // Eight printable ASCII bytes at a time (most markup and much text).
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let high = word & 0x8080_8080_8080_8080
                let below = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                if high | below == 0 {
                    index += 8
                    continue
                }
            }
            let byte = base[index]
            if byte < 0x80 {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return index }
                index += 1
                continue
            }
            let length = sequenceLength(bytes, index)
            if length == 0 || (length == 3 && isNonCharacter(bytes, index)) { return index }
            index += length
        }
        return nil
    }

    /// The length of the valid UTF-8 sequence at `index` (2...4), or 0 when invalid.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Int {
        let lead = bytes[index]
        let remaining = bytes.count - index
        @inline(__always) func continuation(_ offset: Int) -> Bool {
            offset < remaining && bytes[index + offset] & 0xC0 == 0x80
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0...0xEF:
            guard continuation(1), continuation(2) else { return 0 }
            let second = bytes[index + 1]
            if lead == 0xE0 && second < 0xA0 { return 0 }  // overlong
            if lead == 0xED && second > 0x9F { return 0 }  // surrogate
            return 3
        case 0xF0...0xF4:
            guard continuation(1), continuation(2), continuation(3) else { return 0 }
            let second = bytes[index + 1]
            if lead == 0xF0 && second < 0x90 { return 0 }  // overlong
            if lead == 0xF4 && second > 0x8F { return 0 }  // beyond U+10FFFF
            return 4
        default:
            return 0
        }
    }

    /// U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`), which XML does not allow.
    @inline(__always)
    private static func isNonCharacter(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Bool {
        bytes[index] == 0xEF && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE
    }

    private static func hasValidMultibyte(_ bytes: UnsafeRawBufferPointer, before end: Int) -> Bool {
        for index in 0..<end where bytes[index] >= 0x80 { return true }
        return false
    }
}
