internal import CCurl

/// libcurl, opened (`hark_curl_load`) and initialised (`curl_global_init`) once per process, before
/// the first handle: commands that never make a transfer never load it.
enum CurlGlobal {
    /// Swift runs a global's initializer exactly once, thread-safely, on first use.
    private static let failure: CurlError? = {
        var message = [CChar](repeating: 0, count: 512)
        guard hark_curl_load(&message, message.count) == 0 else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return CurlError(code: Int(CURLE_FAILED_INIT.rawValue), message: text)
        }
        let result = Int(hark_curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)
        return result == 0 ? nil : CurlError(code: result, message: "curl_global_init failed")
    }()

    /// Loads and initialises libcurl if that has not happened yet.
    /// - Throws: ``CurlError`` when libcurl cannot be loaded or `curl_global_init` failed (then no
    ///   handle may be made).
    static func initialize() throws(CurlError) {
        if let failure { throw failure }
    }
}
