import Foundation
import NIOCore
import NIOHTTP1

/// One connection of a ``FeedServer``: gathers a request, asks the routes, hands the answer to
/// ``FeedServerResponder``.
final class FeedServerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request bodies are kept up to this size; the rest is dropped (tests post small bodies).
    static let maximumRecordedBody = 16 * 1_048_576

    private let router: FeedServerRouter
    private var head: HTTPRequestHead?
    private var body = Data()

    init(router: FeedServerRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
        case .body(let buffer):
            if body.count + buffer.readableBytes <= Self.maximumRecordedBody {
                body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let request = FeedServer.Request(
                method: head.method.rawValue,
                path: head.uri,
                headers: FeedServer.Headers(head.headers.map { (name: $0.name, value: $0.value) }),
                body: body
            )
            body = Data()
            let response = router.respond(to: request)
            FeedServerResponder.send(response, to: request, keepAlive: head.isKeepAlive, on: context.channel)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Writes a ``FeedServer/Response`` with its ``FeedServer/Behaviour`` onto a connection.
enum FeedServerResponder {
    static func send(
        _ response: FeedServer.Response,
        to request: FeedServer.Request,
        keepAlive: Bool,
        on channel: any Channel
    ) {
        let response = notModified(response, for: request) ?? response
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        let status = HTTPResponseStatus(statusCode: response.status)
        let body = response.body
        for interim in response.interimResponses {
            let interimHeaders = HTTPHeaders(interim.headers.map { ($0.name, $0.value) })
            channel.write(head(HTTPResponseStatus(statusCode: interim.status), interimHeaders), promise: nil)
        }
        switch response.behaviour {
        case .normal:
            if !headers.contains(name: "content-length") && !headers.contains(name: "transfer-encoding") {
                headers.add(name: "Content-Length", value: String(body.count))
            }
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            channel.write(head(status, headers), promise: nil)
            if !body.isEmpty { channel.write(part(body), promise: nil) }
            finish(channel, close: !keepAlive)
        case .drip(let chunkBytes, let every):
            if !headers.contains(name: "content-length") {
                headers.add(name: "Content-Length", value: String(body.count))
            }
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            channel.writeAndFlush(head(status, headers), promise: nil)
            drip(
                body,
                from: 0,
                chunkBytes: max(chunkBytes, 1),
                every: TimeAmount(every),
                on: channel,
                close: !keepAlive
            )
        case .endless(let chunk):
            headers.remove(name: "content-length")
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            channel.writeAndFlush(head(status, headers), promise: nil)
            pump(chunk.isEmpty ? Data(repeating: 0x20, count: 65_536) : chunk, on: channel)
        case .contentLengthLie(let announced):
            headers.replaceOrAdd(name: "Content-Length", value: String(announced))
            headers.replaceOrAdd(name: "Connection", value: "close")
            channel.write(head(status, headers), promise: nil)
            if !body.isEmpty { channel.write(part(body), promise: nil) }
            finish(channel, close: true)
        case .stall:
            break
        }
    }

    /// The `304` a conditional response turns into when the request's validators match.
    static func notModified(_ response: FeedServer.Response, for request: FeedServer.Request) -> FeedServer.Response? {
        guard response.answersConditionally, response.status == 200 else { return nil }
        let etag = response.header("ETag")
        let lastModified = response.header("Last-Modified")
        let matches: Bool
        if let ifNoneMatch = request.headers["If-None-Match"] {
            let tags = ifNoneMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            matches =
                etag.map { etag in tags.contains("*") || tags.contains(etag) || tags.contains("W/" + etag) } ?? false
        } else if let ifModifiedSince = request.headers["If-Modified-Since"] {
            matches = lastModified == ifModifiedSince
        } else {
            matches = false
        }
        guard matches else { return nil }
        var headers: [(name: String, value: String)] = []
        if let etag { headers.append(("ETag", etag)) }
        if let lastModified { headers.append(("Last-Modified", lastModified)) }
        return .status(304, headers: headers)
    }

    private static func head(_ status: HTTPResponseStatus, _ headers: HTTPHeaders) -> HTTPServerResponsePart {
        .head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))
    }

    private static func part(_ bytes: some Sequence<UInt8>) -> HTTPServerResponsePart {
        .body(.byteBuffer(ByteBuffer(bytes: bytes)))
    }

    private static func finish(_ channel: any Channel, close: Bool) {
        let done = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if close {
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Sends `body[offset...]` one piece per tick, stopping when the client has gone.
    private static func drip(
        _ body: Data,
        from offset: Int,
        chunkBytes: Int,
        every: TimeAmount,
        on channel: any Channel,
        close: Bool
    ) {
        guard channel.isActive else { return }
        guard offset < body.count else {
            finish(channel, close: close)
            return
        }
        channel.eventLoop.scheduleTask(in: every) {
            let end = min(offset + chunkBytes, body.count)
            channel.writeAndFlush(part(body[body.startIndex + offset..<body.startIndex + end]), promise: nil)
            drip(body, from: end, chunkBytes: chunkBytes, every: every, on: channel, close: close)
        }
    }

    /// Writes `chunk` again as soon as the previous write is done, until a write fails (the client
    /// closed) or the server stops. One write in flight at a time, so memory stays flat.
    private static func pump(_ chunk: Data, on channel: any Channel) {
        guard channel.isActive else { return }
        channel.writeAndFlush(part(chunk)).whenComplete { result in
            guard case .success = result else {
                channel.close(promise: nil)
                return
            }
            // A fresh turn of the loop, so that quick completions cannot nest calls without end.
            channel.eventLoop.execute { pump(chunk, on: channel) }
        }
    }
}
