internal import CCurl

extension HTTPFetchError {
    /// The fetch error for a libcurl failure, keeping curl's text (which names hosts and
    /// addresses, never credentials or bodies) in the message.
    init(curl error: CurlError) {
        self.init(Self.code(forCurlCode: error.code), "\(error.message) (curl \(error.code))")
    }

    /// Every `CURLcode` an HTTP(S) transfer can end with, mapped to what a source shows.
    static func code(forCurlCode raw: Int) -> Code {
        let code = CURLcode(rawValue: UInt32(clamping: raw))
        if CurlCodes.tls.contains(code.rawValue) { return .tlsError }
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .badScheme
        case CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dnsError
        case CURLE_COULDNT_CONNECT, CURLE_INTERFACE_FAILED, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PROXY,
            CURLE_QUIC_CONNECT_ERROR, CURLE_UNRECOVERABLE_POLL:
            return .connectError
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        case CURLE_FILESIZE_EXCEEDED:
            return .bodyTooLarge
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        default:
            // CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_PARTIAL_FILE (a body
            // shorter than Content-Length), CURLE_GOT_NOTHING, CURLE_BAD_CONTENT_ENCODING, CURLE_WRITE_ERROR,
            // CURLE_READ_ERROR, CURLE_OUT_OF_MEMORY, CURLE_FAILED_INIT, CURLE_NOT_BUILT_IN, ...
            return .protocolError
        }
    }
}
