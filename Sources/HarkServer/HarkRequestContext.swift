#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import NIOCore

/// The request context of Hark's routes: Hummingbird's core storage plus the peer address and the
/// authenticated caller, if any.
public struct HarkRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address as text, `unknown` for a Unix socket.
    public let remoteAddress: String
    /// Whether the connection came over the loopback interface.
    public let isLoopback: Bool
    /// Set by ``TokenAuthenticator`` for `/api/` routes.
    public var caller: APICaller?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        let address = source.channel.remoteAddress
        self.remoteAddress = address?.ipAddress ?? "unknown"
        self.isLoopback = address.map(Self.isLoopback) ?? false
    }

    /// Hark reads bodies itself with its own limits; this cap only guards Hummingbird's decoders.
    public var maxUploadSize: Int { 1 << 20 }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4): return (v4.address.sin_addr.s_addr & 0xFF) == 127
        case .v6: return address.ipAddress == "::1" || (address.ipAddress?.hasPrefix("::ffff:127.") ?? false)
        case .unixDomainSocket: return true
        }
    }
}
