internal import CCurl

/// A libcurl option whose value is of type `Value` (`Int` for `long`, `String`, `Int64` for
/// `curl_off_t`, `[String]` for a `curl_slist`), so a setter can only be called with the right
/// kind of value. Only the options Hark uses are listed; add more here as needed.
public struct CurlOption<Value>: Sendable, Hashable {
    let raw: UInt32

    init(_ option: CURLoption) {
        raw = option.rawValue
    }

    var option: CURLoption { CURLoption(rawValue: raw) }
}

extension CurlOption where Value == Int {
    /// `CURLOPT_NOSIGNAL`: never use signals (required in a threaded program).
    public static var noSignal: Self { Self(CURLOPT_NOSIGNAL) }
    /// `CURLOPT_CONNECT_ONLY`: connect (and TLS, and log in) then stop; talk with ``CurlEasy/send(_:)``.
    public static var connectOnly: Self { Self(CURLOPT_CONNECT_ONLY) }
    /// `CURLOPT_VERBOSE`.
    public static var verbose: Self { Self(CURLOPT_VERBOSE) }
    /// `CURLOPT_NOPROGRESS`: 0 turns the progress callback on.
    public static var noProgress: Self { Self(CURLOPT_NOPROGRESS) }
    /// `CURLOPT_FOLLOWLOCATION`: Hark keeps it 0 and follows redirects itself.
    public static var followLocation: Self { Self(CURLOPT_FOLLOWLOCATION) }
    /// `CURLOPT_CONNECTTIMEOUT_MS`.
    public static var connectTimeoutMilliseconds: Self { Self(CURLOPT_CONNECTTIMEOUT_MS) }
    /// `CURLOPT_TIMEOUT_MS`: the whole transfer.
    public static var timeoutMilliseconds: Self { Self(CURLOPT_TIMEOUT_MS) }
    /// `CURLOPT_LOW_SPEED_LIMIT`: bytes per second.
    public static var lowSpeedLimit: Self { Self(CURLOPT_LOW_SPEED_LIMIT) }
    /// `CURLOPT_LOW_SPEED_TIME`: seconds below the low-speed limit before aborting.
    public static var lowSpeedTime: Self { Self(CURLOPT_LOW_SPEED_TIME) }
    /// `CURLOPT_SSL_VERIFYPEER`: 1 (always, in Hark).
    public static var sslVerifyPeer: Self { Self(CURLOPT_SSL_VERIFYPEER) }
    /// `CURLOPT_SSL_VERIFYHOST`: 2 (always, in Hark).
    public static var sslVerifyHost: Self { Self(CURLOPT_SSL_VERIFYHOST) }
    /// `CURLOPT_HTTPGET`.
    public static var httpGet: Self { Self(CURLOPT_HTTPGET) }
    /// `CURLOPT_USE_SSL`: 3 (`CURLUSESSL_ALL`) for STARTTLS required.
    public static var useSSL: Self { Self(CURLOPT_USE_SSL) }
    /// `CURLOPT_MAXREDIRS`.
    public static var maximumRedirects: Self { Self(CURLOPT_MAXREDIRS) }
    /// `CURLOPT_TCP_KEEPALIVE`.
    public static var tcpKeepAlive: Self { Self(CURLOPT_TCP_KEEPALIVE) }
    /// `CURLOPT_HTTP_CONTENT_DECODING`: 1 decodes `Content-Encoding` (the default).
    public static var httpContentDecoding: Self { Self(CURLOPT_HTTP_CONTENT_DECODING) }
    /// `CURLOPT_UPLOAD`: 1 sends data from the read callback (``CurlEasy/performUpload(_:)`` sets it).
    public static var upload: Self { Self(CURLOPT_UPLOAD) }
}

extension CurlOption where Value == String {
    /// `CURLOPT_URL`.
    public static var url: Self { Self(CURLOPT_URL) }
    /// `CURLOPT_PROTOCOLS_STR`, e.g. `"http,https"`.
    public static var protocols: Self { Self(CURLOPT_PROTOCOLS_STR) }
    /// `CURLOPT_REDIR_PROTOCOLS_STR`.
    public static var redirectProtocols: Self { Self(CURLOPT_REDIR_PROTOCOLS_STR) }
    /// `CURLOPT_ACCEPT_ENCODING`: `""` offers every coding libcurl was built with.
    public static var acceptEncoding: Self { Self(CURLOPT_ACCEPT_ENCODING) }
    /// `CURLOPT_USERAGENT`.
    public static var userAgent: Self { Self(CURLOPT_USERAGENT) }
    /// `CURLOPT_USERNAME`.
    public static var username: Self { Self(CURLOPT_USERNAME) }
    /// `CURLOPT_PASSWORD` (a secret: never log it).
    public static var password: Self { Self(CURLOPT_PASSWORD) }
    /// `CURLOPT_LOGIN_OPTIONS`, e.g. `"AUTH=PLAIN"`.
    public static var loginOptions: Self { Self(CURLOPT_LOGIN_OPTIONS) }
    /// `CURLOPT_CUSTOMREQUEST`.
    public static var customRequest: Self { Self(CURLOPT_CUSTOMREQUEST) }
    /// `CURLOPT_PROXY`: `""` turns proxies off, also those from the environment.
    public static var proxy: Self { Self(CURLOPT_PROXY) }
    /// `CURLOPT_CAINFO`: a CA bundle file.
    public static var caInfo: Self { Self(CURLOPT_CAINFO) }
    /// `CURLOPT_MAIL_FROM`: the SMTP envelope sender, as `<local@domain>` (`<>` for none).
    public static var mailFrom: Self { Self(CURLOPT_MAIL_FROM) }
}

extension CurlOption where Value == Int64 {
    /// `CURLOPT_MAXFILESIZE_LARGE`: refuse a body announced (or, in newer libcurl, received) larger.
    public static var maximumFileSize: Self { Self(CURLOPT_MAXFILESIZE_LARGE) }
    /// `CURLOPT_INFILESIZE_LARGE`: the size of an upload (SMTP announces it with `SIZE=`).
    public static var inFileSize: Self { Self(CURLOPT_INFILESIZE_LARGE) }
}

extension CurlOption where Value == [String] {
    /// `CURLOPT_MAIL_RCPT`: the SMTP envelope recipients, each as `<local@domain>` (set it with
    /// ``CurlEasy/withList(_:_:_:)``).
    public static var mailRecipients: Self { Self(CURLOPT_MAIL_RCPT) }
}

/// A piece of information about a finished transfer, of type `Value`.
public struct CurlInfo<Value>: Sendable, Hashable {
    let raw: UInt32

    init(_ info: CURLINFO) {
        raw = info.rawValue
    }

    var info: CURLINFO { CURLINFO(rawValue: raw) }
}

extension CurlInfo where Value == Int {
    /// `CURLINFO_RESPONSE_CODE`: the last status code (0 when none came).
    public static var responseCode: Self { Self(CURLINFO_RESPONSE_CODE) }
    /// `CURLINFO_PRIMARY_PORT`.
    public static var primaryPort: Self { Self(CURLINFO_PRIMARY_PORT) }
    /// `CURLINFO_NUM_CONNECTS`: new connections the last transfer made.
    public static var connectCount: Self { Self(CURLINFO_NUM_CONNECTS) }
}

extension CurlInfo where Value == String {
    /// `CURLINFO_PRIMARY_IP`: the address connected to.
    public static var primaryIP: Self { Self(CURLINFO_PRIMARY_IP) }
    /// `CURLINFO_EFFECTIVE_URL`.
    public static var effectiveURL: Self { Self(CURLINFO_EFFECTIVE_URL) }
    /// `CURLINFO_REDIRECT_URL`: where a redirect would lead, resolved.
    public static var redirectURL: Self { Self(CURLINFO_REDIRECT_URL) }
}

extension CurlInfo where Value == Int64 {
    /// `CURLINFO_SIZE_DOWNLOAD_T`: body bytes received on the wire (before content decoding).
    public static var downloadedBytes: Self { Self(CURLINFO_SIZE_DOWNLOAD_T) }
    /// `CURLINFO_CONTENT_LENGTH_DOWNLOAD_T`: the announced length, or -1.
    public static var contentLength: Self { Self(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T) }
}
