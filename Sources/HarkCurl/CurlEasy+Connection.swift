internal import CCurl

extension CurlEasy {
    /// Sends raw bytes on a connection made with ``CurlOption/connectOnly``.
    /// - Returns: the bytes sent, 0 when the socket would block (wait for it to be writable).
    public func send(_ bytes: UnsafeRawBufferPointer) throws(CurlError) -> Int {
        var sent = 0
        let code = hark_curl_easy_send(handle, bytes.baseAddress, bytes.count, &sent)
        if code == CURLE_AGAIN { return 0 }
        try check(code)
        return sent
    }

    /// Reads raw bytes from a connection made with ``CurlOption/connectOnly``.
    /// - Returns: the bytes read, `nil` when none are ready yet (wait for the socket to be readable),
    ///   0 when the peer closed.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(CurlError) -> Int? {
        var received = 0
        let code = hark_curl_easy_recv(handle, buffer.baseAddress, buffer.count, &received)
        if code == CURLE_AGAIN { return nil }
        try check(code)
        return received
    }

    /// The socket of a ``CurlOption/connectOnly`` connection, to wait on with `poll`; -1 when none.
    public func activeSocket() throws(CurlError) -> Int32 {
        var socket: curl_socket_t = CURL_SOCKET_BAD
        try check(hark_curl_easy_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket))
        return Int32(socket)
    }
}

extension CurlEasy {
    /// Lets connections through only to addresses `policy` allows; a refused one is reported to
    /// `refused` (address, port and the range that refused it) before libcurl fails the connect.
    func guardConnections(
        by policy: AddressPolicy, refused: @escaping (_ address: IPAddress, _ port: Int, _ range: String) -> Void
    ) throws(CurlError) {
        try guardConnections { address, port in
            switch policy.verdict(for: address, port: port) {
            case .allowed:
                return true
            case .refused(let range):
                refused(address, port, range)
                return false
            }
        }
    }
}

/// `CURLcode`s shared by every protocol's error mapping.
enum CurlCodes {
    /// The codes of a failed TLS handshake, certificate check or required STARTTLS.
    static let tls: Set<UInt32> = [
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
        CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_INITFAILED,
        CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
        CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    ].reduce(into: Set<UInt32>()) { $0.insert($1.rawValue) }
}
