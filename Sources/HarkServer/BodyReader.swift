import Hummingbird
import NIOCore

/// Reads a request body with a size cap and a deadline (slow-body protection, reliability.md H5).
enum BodyReader {
    enum Failure: Error {
        case tooLarge
        case timeout
    }

    static func collect(_ body: RequestBody, limit: Int, timeout: Duration) async -> Result<ByteBuffer, Failure> {
        await withTaskGroup(of: Result<ByteBuffer, Failure>?.self) { group in
            group.addTask {
                var buffer = ByteBuffer()
                do {
                    for try await chunk in body {
                        if buffer.readableBytes + chunk.readableBytes > limit { return .failure(.tooLarge) }
                        var chunk = chunk
                        buffer.writeBuffer(&chunk)
                    }
                } catch {
                    return .failure(.timeout)
                }
                return .success(buffer)
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .failure(.timeout)
            }
            var result: Result<ByteBuffer, Failure> = .failure(.timeout)
            for await next in group {
                if let next {
                    result = next
                    break
                }
            }
            group.cancelAll()
            return result
        }
    }
}
