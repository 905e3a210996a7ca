import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head does not arrive in time (slowloris, reliability.md H5).
///
/// The HTTP decoder passes a head on only when it is complete, so a client that trickles header
/// bytes produces no event at all: the timer armed when the connection opens (and again after each
/// response, with the keep-alive allowance) fires and closes it. Bodies have their own deadline in
/// the webhook route.
final class HeaderTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headerTimeout: TimeAmount
    private let keepAliveTimeout: TimeAmount
    private var timer: Scheduled<Void>?

    init(headerTimeout: TimeAmount, keepAliveTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.keepAliveTimeout = keepAliveTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, headerTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, headerTimeout)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            // The next request's head must start within the keep-alive allowance and complete
            // within the header timeout after that.
            arm(context, keepAliveTimeout + headerTimeout)
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func arm(_ context: ChannelHandlerContext, _ amount: TimeAmount) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: amount) {
            loopBound.value.close(promise: nil)
        }
    }
}
