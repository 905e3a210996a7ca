internal import CCurl

extension CurlEasy {
    /// Sends raw bytes on a connection made with ``CurlOption/connectOnly``.
    /// - Returns: the bytes sent, 0 when the socket would block (wait for it to be writable).
    public func send(_ bytes: UnsafeRawBufferPointer) throws(CurlError) -> Int {
        var sent = 0
        let code = curl_easy_send(handle, bytes.baseAddress, bytes.count, &sent)
        if code == CURLE_AGAIN { return 0 }
        try check(code)
        return sent
    }

    /// Reads raw bytes from a connection made with ``CurlOption/connectOnly``.
    /// - Returns: the bytes read, `nil` when none are ready yet (wait for the socket to be readable),
    ///   0 when the peer closed.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws(CurlError) -> Int? {
        var received = 0
        let code = curl_easy_recv(handle, buffer.baseAddress, buffer.count, &received)
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
