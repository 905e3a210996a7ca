internal import CCurl
import Foundation

extension CurlEasy {
    /// Sets a string-list option (a `curl_slist`, such as the SMTP recipients) for the duration
    /// of `body`, then unsets it and frees the list: libcurl keeps a pointer to the list, so it
    /// must stay alive exactly while a transfer can use it.
    /// - Throws: ``CurlError`` for a value with CR, LF or NUL (command injection), when libcurl
    ///   refuses the option, or what `body` throws.
    public func withList<T>(
        _ option: CurlOption<[String]>,
        _ values: [String],
        _ body: () throws(CurlError) -> T
    ) throws(CurlError) -> T {
        var list: UnsafeMutablePointer<curl_slist>?
        defer { if let list { hark_curl_slist_free_all(list) } }
        for value in values {
            guard !value.utf8.contains(where: { $0 == 0 || $0 == 0x0d || $0 == 0x0a }) else {
                throw CurlError.badArgument("a list value contains CR, LF or NUL")
            }
            guard let appended = hark_curl_slist_append(list, value) else { throw CurlError(CURLE_OUT_OF_MEMORY) }
            list = appended
        }
        try check(hark_curl_easy_setopt_slist(handle, option.option, list))
        defer { _ = hark_curl_easy_setopt_slist(handle, option.option, nil) }
        return try body()
    }

    /// Runs the transfer as an upload of `bytes` (``CurlOption/upload`` and the size set, the read
    /// callback feeding the bytes); blocks the calling thread until it ends, like ``perform()``.
    /// The callback can only run inside this call, while the bytes are surely alive.
    /// - Throws: ``CurlError`` with the `CURLcode` and curl's error text.
    public func performUpload(_ bytes: Data) throws(CurlError) {
        let source = UploadSource(bytes)
        try set(.upload, 1)
        try set(.inFileSize, Int64(bytes.count))
        try check(hark_curl_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION, readTrampoline))
        try check(hark_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque()))
        defer {
            // No pointer to the source may outlive this call; a later upload sets its own.
            _ = hark_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, nil)
            withExtendedLifetime(source) {}
        }
        try perform()
    }
}

/// The bytes of an upload and how far libcurl has read them (touched only on the transfer's thread).
private final class UploadSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: Data) {
        self.bytes = [UInt8](bytes)
    }
}

/// Copies the next bytes into libcurl's buffer; 0 at the end. Without a source (which cannot
/// happen inside ``CurlEasy/performUpload(_:)``) the transfer is aborted.
private let readTrampoline: hark_curl_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return Int(CURL_READFUNC_ABORT) }
    let source = Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
    let length = min(size * count, source.bytes.count - source.offset)
    guard length > 0 else { return 0 }
    source.bytes.withUnsafeBytes { raw in
        UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + source.offset, byteCount: length)
    }
    source.offset += length
    return length
}
