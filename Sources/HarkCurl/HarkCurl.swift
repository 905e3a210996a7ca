internal import CCurl

/// The libcurl version this build links against, e.g. `7.88.1`.
public var libcurlVersion: String { String(cString: curl_version_info(CURLversion(rawValue: 10)).pointee.version) }
