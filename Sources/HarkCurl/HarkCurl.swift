internal import CCurl

/// Loads and initialises libcurl now rather than at the first transfer (the daemon does so at start
/// when a source needs it, so that a missing libcurl stops the start instead of every poll); returns
/// its version.
/// - Throws: ``CurlError`` saying why libcurl cannot be loaded.
public func loadLibcurl() throws(CurlError) -> String {
    try CurlGlobal.initialize()
    guard let info = hark_curl_version_info(CURLversion(rawValue: 10)) else { return "unknown" }
    return String(cString: info.pointee.version)
}
