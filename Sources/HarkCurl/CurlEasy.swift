internal import CCurl

/// The one owner of a libcurl easy handle (`CURL *`), freed in `deinit`.
///
/// Not `Sendable`: create it, configure it, `perform()` it and read its results on one thread
/// (``HTTPFetcher`` does all of that on a transfer thread). Setters are typed and throw
/// ``CurlError`` instead of returning codes; callbacks are Swift closures that libcurl reaches
/// through `Unmanaged.passUnretained(self)`, which is sound because libcurl only calls them from
/// inside ``perform()`` (or ``send(_:)``/``receive(into:)``) on this object, so `self` is alive.
///
/// For protocols Hark speaks itself (IMAP IDLE), set ``CurlOption/connectOnly`` to 1,
/// ``perform()`` to connect, then use ``send(_:)`` and ``receive(into:)``.
public final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The `curl_slist` of request headers, kept alive until the handle goes.
    private var headerList: OpaquePointer?

    var dataHandler: ((UnsafeRawBufferPointer) -> Bool)?
    var headerHandler: ((UnsafeRawBufferPointer) -> Bool)?
    var progressHandler: ((CurlProgress) -> Bool)?
    var addressGuard: ((IPAddress, Int) -> Bool)?

    /// A new handle with `CURLOPT_NOSIGNAL` set and an error buffer attached.
    /// - Throws: ``CurlError`` when libcurl cannot be initialised or gives no handle.
    public init() throws(CurlError) {
        try CurlGlobal.initialize()
        guard let handle = hark_curl_easy_init() else { throw CurlError.initFailed }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try check(hark_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try set(.noSignal, 1)
    }

    deinit {
        hark_curl_easy_cleanup(handle)
        if let headerList { hark_curl_slist_free_all(UnsafeMutablePointer<curl_slist>(headerList)) }
        errorBuffer.deallocate()
    }

    /// Sets a numeric (`long`) option.
    public func set(_ option: CurlOption<Int>, _ value: Int) throws(CurlError) {
        try check(hark_curl_easy_setopt_long(handle, option.option, value))
    }

    /// Sets a string option (libcurl copies the string).
    /// - Throws: ``CurlError`` also when `value` contains NUL, which C would silently cut.
    public func set(_ option: CurlOption<String>, _ value: String) throws(CurlError) {
        guard !value.utf8.contains(0) else { throw CurlError.badArgument("an option value contains NUL") }
        let code = value.withCString { hark_curl_easy_setopt_string(handle, option.option, $0) }
        try check(code)
    }

    /// Sets a `curl_off_t` option.
    public func set(_ option: CurlOption<Int64>, _ value: Int64) throws(CurlError) {
        try check(hark_curl_easy_setopt_off_t(handle, option.option, curl_off_t(value)))
    }

    /// Replaces the extra request header lines (`"Name: value"`) sent with each request.
    /// - Throws: ``CurlError`` for a line with CR, LF or NUL (header injection).
    public func setHeaderLines(_ lines: [String]) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard !line.utf8.contains(where: { $0 == 0 || $0 == 0x0d || $0 == 0x0a }) else {
                if let list { hark_curl_slist_free_all(list) }
                throw CurlError.badArgument("a request header contains CR, LF or NUL")
            }
            guard let appended = hark_curl_slist_append(list, line) else {
                if let list { hark_curl_slist_free_all(list) }
                throw CurlError(CURLE_OUT_OF_MEMORY)
            }
            list = appended
        }
        try check(hark_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        if let headerList { hark_curl_slist_free_all(UnsafeMutablePointer<curl_slist>(headerList)) }
        headerList = list.map { OpaquePointer($0) }
    }

    /// Runs the transfer; blocks the calling thread until it ends. Never call it on the
    /// cooperative pool.
    /// - Throws: ``CurlError`` with the `CURLcode` and curl's error text.
    public func perform() throws(CurlError) {
        errorBuffer[0] = 0
        try check(hark_curl_easy_perform(handle))
    }

    /// A numeric piece of information about the last transfer.
    public func info(_ info: CurlInfo<Int>) throws(CurlError) -> Int {
        var value = 0
        try check(hark_curl_easy_getinfo_long(handle, info.info, &value))
        return value
    }

    /// A string piece of information about the last transfer (`nil` when curl has none).
    public func info(_ info: CurlInfo<String>) throws(CurlError) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        try check(hark_curl_easy_getinfo_string(handle, info.info, &value))
        return value.map { String(cString: $0) }
    }

    /// A `curl_off_t` piece of information about the last transfer.
    public func info(_ info: CurlInfo<Int64>) throws(CurlError) -> Int64 {
        var value: curl_off_t = 0
        try check(hark_curl_easy_getinfo_off_t(handle, info.info, &value))
        return Int64(value)
    }

    /// Turns a `CURLcode` into a thrown ``CurlError`` carrying the error buffer's text.
    func check(_ code: CURLcode) throws(CurlError) {
        guard code != CURLE_OK else { return }
        let detail = String(cString: errorBuffer).trimmingCharacters(in: "\n")
        throw CurlError(code, detail: detail)
    }
}

/// Transfer progress as libcurl reports it to the progress callback.
public struct CurlProgress: Sendable, Hashable {
    /// Expected download size, or 0 when unknown.
    public var downloadTotal: Int64
    /// Body bytes received so far on the wire (before content decoding).
    public var downloaded: Int64
    /// Expected upload size, or 0 when unknown.
    public var uploadTotal: Int64
    /// Bytes sent so far.
    public var uploaded: Int64
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
