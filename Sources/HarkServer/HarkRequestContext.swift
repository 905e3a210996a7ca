import Hummingbird
import NIOCore

/// The request context of Hark's routes: Hummingbird's core storage plus the peer address.
public struct HarkRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address as text, `unknown` for a Unix socket.
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Hark reads bodies itself with its own limits; this cap only guards Hummingbird's decoders.
    public var maxUploadSize: Int { 1 << 20 }
}
