internal import CCurl
import Foundation

extension CurlEasy {
    /// Makes the transfer a `POST` of `body` (copied into libcurl, so `body` need not outlive the
    /// call), sent as is (no form encoding). libcurl adds `Expect: 100-continue` only to bodies over
    /// 1 MiB, far above what Hark posts.
    func setPostBody(_ body: Data) throws(CurlError) {
        try check(hark_curl_easy_setopt_long(handle, CURLOPT_POST, 1))
        try check(hark_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
        let code = body.withUnsafeBytes { bytes -> CURLcode in
            // An empty body still needs a valid pointer.
            guard let base = bytes.baseAddress else {
                return "".withCString { hark_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0)) }
            }
            return hark_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
        }
        try check(code)
    }
}
