internal import CCurl

/// A libcurl call failed: its `CURLcode`, curl's name for it and the text of curl's error buffer.
public struct CurlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The numeric `CURLcode` (e.g. 28 for a timeout).
    public var code: Int
    /// What failed, from curl's error buffer when it said something, else `curl_easy_strerror`.
    public var message: String

    /// An error with a given code and message.
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    init(_ code: CURLcode, detail: String = "") {
        self.code = Int(code.rawValue)
        let summary = String(cString: hark_curl_easy_strerror(code))
        message = detail.isEmpty ? summary : detail
    }

    public var description: String { "curl error \(code): \(message)" }
}

extension CurlError {
    /// A setter was given a value libcurl cannot take (e.g. a string with NUL).
    static func badArgument(_ what: String) -> CurlError {
        CurlError(code: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue), message: what)
    }

    /// `curl_easy_init` returned `NULL`.
    static let initFailed = CurlError(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")
}
