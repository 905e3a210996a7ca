import Foundation

/// Cuts the byte stream from an IMAP server into complete responses (``IMAPFrame``s), following
/// literals, within ``IMAPLimits``. Pure: bytes in, frames out.
///
/// Memory stays bounded whatever the server sends: a line longer than `maximumLineLength` is an
/// error, a literal larger than ``literalHoldLimit`` is counted and dropped as it streams by
/// (reported as ``IMAPLiteral/skipped(size:)``), and one response may hold at most
/// `maximumResponseBytes`. Time is the caller's concern (a deadline per command).
public struct IMAPFramer: Sendable {
    /// The limits in force.
    public let limits: IMAPLimits
    /// The largest literal the next responses may hold; larger ones are drained. Never above
    /// `limits.maximumLiteralSize`. The client lowers it as a batch fills.
    public var literalHoldLimit: Int

    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the end of the current line resumes.
    private var scanned = 0
    private var lines: [[UInt8]] = []
    private var literals: [IMAPLiteral] = []
    private var heldBytes = 0
    private var literal: PendingLiteral?

    private struct PendingLiteral: Sendable {
        var size: Int
        var remaining: Int
        var data: Data?
    }

    /// A framer with nothing buffered.
    public init(limits: IMAPLimits = IMAPLimits()) {
        self.limits = limits
        literalHoldLimit = limits.maximumLiteralSize
    }

    /// Bytes buffered and not yet returned in a frame (the partial line, held literals).
    public var bufferedByteCount: Int { buffer.count - start + heldBytes + (literal?.data?.count ?? 0) }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes read from the connection.
    public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, or `nil` when more bytes are needed.
    /// - Throws: ``IMAPError`` `protocol_error` for a line over the limit, a malformed literal
    ///   size, or a response holding more than `maximumResponseBytes`.
    public mutating func nextFrame() throws(IMAPError) -> IMAPFrame? {
        defer { compact() }
        while true {
            if literal != nil {
                guard continueLiteral() else { return nil }
                continue
            }
            guard let end = lineEnd() else {
                scanned = buffer.count
                if buffer.count - start > limits.maximumLineLength {
                    throw .protocolViolation("a response line exceeds \(limits.maximumLineLength) bytes without CRLF")
                }
                return nil
            }
            var line = Array(buffer[start..<end])
            start = end + 1
            scanned = start
            if line.last == 0x0d { line.removeLast() }
            guard line.count <= limits.maximumLineLength else {
                throw .protocolViolation("a response line exceeds \(limits.maximumLineLength) bytes")
            }
            if let marker = try Self.literalMarker(line) {
                line.removeSubrange(marker.textEnd...)
                try hold(line.count + 16)
                lines.append(line)
                let keep =
                    marker.size <= min(literalHoldLimit, limits.maximumLiteralSize)
                    && heldBytes + marker.size <= limits.maximumResponseBytes
                literal = PendingLiteral(
                    size: marker.size,
                    remaining: marker.size,
                    data: keep ? Data(capacity: marker.size) : nil
                )
                continue
            }
            lines.append(line)
            let frame = IMAPFrame(lines: lines, literals: literals)
            lines = []
            literals = []
            heldBytes = 0
            return frame
        }
    }

    /// Moves buffered bytes into the pending literal; `true` when the literal is complete.
    private mutating func continueLiteral() -> Bool {
        guard var pending = literal else { return true }
        let take = min(buffer.count - start, pending.remaining)
        if take > 0 {
            if pending.data != nil {
                let from = start
                buffer.withUnsafeBufferPointer { bytes in
                    pending.data!.append(bytes.baseAddress! + from, count: take)
                }
            }
            start += take
            pending.remaining -= take
        }
        guard pending.remaining == 0 else {
            literal = pending
            return false
        }
        if let data = pending.data {
            heldBytes += data.count
            literals.append(.data(data))
        } else {
            literals.append(.skipped(size: pending.size))
        }
        literal = nil
        scanned = start
        return true
    }

    /// Counts `bytes` more as held by the current response.
    private mutating func hold(_ bytes: Int) throws(IMAPError) {
        heldBytes += bytes
        if heldBytes > limits.maximumResponseBytes {
            throw .protocolViolation("a response exceeds \(limits.maximumResponseBytes) bytes")
        }
    }

    /// The index of the LF ending the current line, if it has arrived.
    private func lineEnd() -> Int? {
        let from = max(scanned, start)
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, let found = memchr(base + from, 0x0a, bytes.count - from) else {
                return nil
            }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Drops consumed bytes from the front of the buffer once they are a good share of it.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            scanned = 0
            start = 0
        } else if start > 1 << 16, start > buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
    }

    /// The size of the literal announced at the end of `line` (`{n}` or `{n+}`), and where the
    /// marker starts; `nil` when the line announces none.
    static func literalMarker(_ line: [UInt8]) throws(IMAPError) -> (size: Int, textEnd: Int)? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var index = line.count - 2
        if index >= 0, line[index] == UInt8(ascii: "+") { index -= 1 }
        let digitsEnd = index + 1
        while index >= 0, (0x30...0x39).contains(line[index]) { index -= 1 }
        guard index >= 0, line[index] == UInt8(ascii: "{") else { return nil }
        let digits = line[(index + 1)..<digitsEnd]
        guard !digits.isEmpty else { return nil }
        guard digits.count <= 10 else { throw .protocolViolation("a literal size has more than 10 digits") }
        let size = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard size <= Int(UInt32.max) else {
            throw .protocolViolation("a literal size of \(size) is beyond the protocol's 32-bit range")
        }
        return (size, index)
    }
}
