internal import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CurlEasy {
    /// Receives the body as libcurl delivers it (after `Content-Encoding` decoding). Return
    /// `false` to abort the transfer (`CURLE_WRITE_ERROR`).
    public func onData(_ handler: @escaping (UnsafeRawBufferPointer) -> Bool) throws(CurlError) {
        dataHandler = handler
        try check(hark_curl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, writeTrampoline))
        try check(hark_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque()))
    }

    /// Receives each response header line, status lines included, with its CRLF. Return `false`
    /// to abort the transfer (`CURLE_WRITE_ERROR`).
    public func onHeader(_ handler: @escaping (UnsafeRawBufferPointer) -> Bool) throws(CurlError) {
        headerHandler = handler
        try check(hark_curl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, headerTrampoline))
        try check(hark_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, Unmanaged.passUnretained(self).toOpaque()))
    }

    /// Called often during the transfer (at least about once a second, also while waiting).
    /// Return `false` to abort it (`CURLE_ABORTED_BY_CALLBACK`): how cancellation and wire-size
    /// caps stop a running transfer.
    public func onProgress(_ handler: @escaping (CurlProgress) -> Bool) throws(CurlError) {
        progressHandler = handler
        try check(hark_curl_easy_setopt_xferinfo(handle, progressTrampoline))
        try check(
            hark_curl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, Unmanaged.passUnretained(self).toOpaque())
        )
        try set(.noProgress, 0)
    }

    /// Asks `decide` before every socket libcurl opens, with the resolved address and port: the
    /// connect-time address guard. When it answers `false` no socket is made, nothing is sent, and
    /// the transfer fails with `CURLE_COULDNT_CONNECT` (unless another resolved address is allowed).
    public func guardConnections(_ decide: @escaping (IPAddress, Int) -> Bool) throws(CurlError) {
        addressGuard = decide
        try check(hark_curl_easy_setopt_opensocket(handle, openSocketTrampoline))
        try check(
            hark_curl_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, Unmanaged.passUnretained(self).toOpaque())
        )
    }
}

/// The owner behind a callback's user pointer; valid because callbacks only run inside calls on it.
private func owner(_ pointer: UnsafeMutableRawPointer?) -> CurlEasy? {
    pointer.map { Unmanaged<CurlEasy>.fromOpaque($0).takeUnretainedValue() }
}

/// The size libcurl must see for "handled"; any other value aborts with `CURLE_WRITE_ERROR`.
private func deliver(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ length: Int,
    to handler: ((UnsafeRawBufferPointer) -> Bool)?
) -> Int {
    guard let handler else { return length }
    let accepted = handler(UnsafeRawBufferPointer(start: buffer, count: buffer == nil ? 0 : length))
    if accepted { return length }
    return length == 0 ? 1 : 0
}

private let writeTrampoline: hark_curl_data_callback = { buffer, size, count, userdata in
    deliver(buffer, size * count, to: owner(userdata)?.dataHandler)
}

private let headerTrampoline: hark_curl_data_callback = { buffer, size, count, userdata in
    deliver(buffer, size * count, to: owner(userdata)?.headerHandler)
}

private let progressTrampoline: hark_curl_xferinfo_callback = {
    userdata,
    downloadTotal,
    downloaded,
    uploadTotal,
    uploaded in
    guard let handler = owner(userdata)?.progressHandler else { return 0 }
    let progress = CurlProgress(
        downloadTotal: Int64(downloadTotal),
        downloaded: Int64(downloaded),
        uploadTotal: Int64(uploadTotal),
        uploaded: Int64(uploaded)
    )
    return handler(progress) ? 0 : 1
}

private let openSocketTrampoline: hark_curl_opensocket_callback = { userdata, purpose, address in
    guard let address, purpose == CURLSOCKTYPE_IPCXN, let endpoint = socketEndpoint(address) else {
        return CURL_SOCKET_BAD
    }
    if let decide = owner(userdata)?.addressGuard, !decide(endpoint.address, endpoint.port) {
        return CURL_SOCKET_BAD
    }
    #if canImport(Glibc)
    let type = address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue)
    #else
    let type = address.pointee.socktype
    #endif
    return socket(address.pointee.family, type, address.pointee.protocol)
}

/// The IP address and port of the `struct sockaddr` inside libcurl's `curl_sockaddr` (which is
/// large enough for IPv6 although its field is declared as a plain `sockaddr`).
private func socketEndpoint(_ address: UnsafeMutablePointer<curl_sockaddr>) -> (address: IPAddress, port: Int)? {
    guard let offset = MemoryLayout<curl_sockaddr>.offset(of: \.addr) else { return nil }
    let raw = UnsafeRawPointer(address) + offset
    let length = Int(address.pointee.addrlen)
    switch address.pointee.family {
    case Int32(AF_INET) where length >= MemoryLayout<sockaddr_in>.size:
        let inet = raw.loadUnaligned(as: sockaddr_in.self)
        return (.v4(UInt32(bigEndian: inet.sin_addr.s_addr)), Int(UInt16(bigEndian: inet.sin_port)))
    case Int32(AF_INET6) where length >= MemoryLayout<sockaddr_in6>.size:
        let inet6 = raw.loadUnaligned(as: sockaddr_in6.self)
        let bytes = withUnsafeBytes(of: inet6.sin6_addr) { Array($0) }
        return (.v6(bytes), Int(UInt16(bigEndian: inet6.sin6_port)))
    default:
        return nil
    }
}
