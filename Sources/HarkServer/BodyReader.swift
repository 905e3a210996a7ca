import Hummingbird
import NIOCore

/// Reads a request body with a size cap.
///
/// The deadline for slow bodies is enforced per connection by the daemon's channel handler, which
/// closes the connection; the read then fails here and nothing is stored.
enum BodyReader {
    enum Failure: Error {
        case tooLarge
        case interrupted
    }

    static func collect(_ body: RequestBody, limit: Int) async -> Result<ByteBuffer, Failure> {
        var buffer = ByteBuffer()
        do {
            for try await chunk in body {
                if buffer.readableBytes + chunk.readableBytes > limit { return .failure(.tooLarge) }
                var chunk = chunk
                buffer.writeBuffer(&chunk)
            }
        } catch {
            return .failure(.interrupted)
        }
        return .success(buffer)
    }
}
