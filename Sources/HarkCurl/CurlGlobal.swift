internal import CCurl

/// `curl_global_init`, once per process, before the first handle.
enum CurlGlobal {
    /// Swift runs a global's initializer exactly once, thread-safely, on first use.
    private static let result: Int = Int(curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)

    /// Initialises libcurl if that has not happened yet.
    /// - Throws: ``CurlError`` when `curl_global_init` failed (then no handle may be made).
    static func initialize() throws(CurlError) {
        guard result == 0 else {
            throw CurlError(code: result, message: "curl_global_init failed")
        }
    }
}
