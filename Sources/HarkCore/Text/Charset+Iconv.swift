#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Charset {
    /// Whether the platform's iconv can convert from `name` to UTF-8.
    static func iconvCanOpen(_ name: String) -> Bool {
        IconvConverter(from: name) != nil
    }

    /// Decodes through iconv, replacing each invalid byte with U+FFFD and going on; an incomplete
    /// sequence at the end becomes one U+FFFD. `nil` when the converter cannot be opened (the
    /// platform lacks the tables, as a minimal container's glibc may), so the caller falls back.
    static func decodeWithIconv(_ bytes: UnsafeBufferPointer<UInt8>, from name: String) -> String? {
        guard let converter = IconvConverter(from: name) else { return nil }
        return converter.convert(bytes)
    }
}

/// The owner of one iconv conversion descriptor to UTF-8, closed in `deinit`. Used by one call only:
/// an `iconv_t` keeps conversion state and is not thread-safe.
private final class IconvConverter {
    private let descriptor: iconv_t

    init?(from name: String) {
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        self.descriptor = descriptor
    }

    deinit {
        _ = iconv_close(descriptor)
    }

    /// The whole of `bytes` converted, with replacement characters for what iconv rejects.
    func convert(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress else { return "" }
        var output = [UInt8](repeating: 0, count: bytes.count * 3 + 16)
        var written = 0
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        var input = UnsafeMutablePointer(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inputLeft = bytes.count
        while true {
            let (result, error) = step(&input, &inputLeft, &output, &written)
            if result != -1 { break }
            switch error {
            case E2BIG:
                output.append(contentsOf: repeatElement(0, count: max(output.count, 64)))
            case EILSEQ where inputLeft > 0:
                append(replacement, to: &output, at: &written)
                input += 1
                inputLeft -= 1
            default:
                // EINVAL: an incomplete sequence at the end; anything else: give up on the rest.
                append(replacement, to: &output, at: &written)
                inputLeft = 0
            }
            if inputLeft == 0 { break }
        }
        flush(&output, &written)
        return String(decoding: output[..<written], as: UTF8.self)
    }

    /// One `iconv` call from the current input position into the free end of `output`.
    private func step(
        _ input: inout UnsafeMutablePointer<CChar>,
        _ inputLeft: inout Int,
        _ output: inout [UInt8],
        _ written: inout Int
    ) -> (result: Int, errno: Int32) {
        let capacity = output.count
        let start = written
        return output.withUnsafeMutableBufferPointer { buffer -> (Int, Int32) in
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer.baseAddress! + start)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = capacity - start
            var inPointer: UnsafeMutablePointer<CChar>? = input
            let result = iconv(descriptor, &inPointer, &inputLeft, &outPointer, &outLeft)
            let error = result == -1 ? errno : 0
            input = inPointer ?? input
            written = capacity - outLeft
            return (result, error)
        }
    }

    /// Writes the shift state's closing bytes, if the charset has any.
    private func flush(_ output: inout [UInt8], _ written: inout Int) {
        if output.count - written < 16 { output.append(contentsOf: repeatElement(0, count: 16)) }
        let capacity = output.count
        let start = written
        output.withUnsafeMutableBufferPointer { buffer in
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer.baseAddress! + start)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = capacity - start
            _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
            written = capacity - outLeft
        }
    }

    private func append(_ bytes: [UInt8], to output: inout [UInt8], at written: inout Int) {
        if output.count - written < bytes.count { output.append(contentsOf: repeatElement(0, count: 64)) }
        for byte in bytes {
            output[written] = byte
            written += 1
        }
    }
}
