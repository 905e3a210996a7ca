internal import CCurl

/// The version of the libcurl the process loads, e.g. `7.88.1` (loading it if need be); `unavailable`
/// when it cannot be loaded.
public var libcurlVersion: String {
    guard (try? CurlGlobal.initialize()) != nil, let info = hark_curl_version_info(CURLversion(rawValue: 10)) else {
        return "unavailable"
    }
    return String(cString: info.pointee.version)
}
