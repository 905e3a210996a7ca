import Synchronization

/// Idle ``HTMLSAXParser``s, so that a feed's items (and a mailbox's messages) reuse libxml2 parser
/// contexts instead of allocating one per parse. A parser is used by one thread at a time: taken
/// from the pool, used, given back.
enum HTMLParserPool {
    /// About one per core that parses HTML at the same time; more are freed when given back.
    private static let capacity = 8

    private struct Idle: @unchecked Sendable {
        // A parser in here belongs to no thread; `take` hands it to exactly one.
        var parsers: [HTMLSAXParser] = []
    }

    private static let idle = Mutex(Idle())

    /// Runs `body` with an idle parser (or a new one); `nil` when libxml2 cannot make one.
    static func withParser<Result>(_ body: (HTMLSAXParser) -> Result) -> Result? {
        let pooled = idle.withLock { $0.parsers.popLast() }
        guard let parser = pooled ?? HTMLSAXParser() else { return nil }
        let result = body(parser)
        if parser.isReusable {
            // Swift 6 checks that `parser` is not used after it is sent into the lock.
            nonisolated(unsafe) let returned = parser
            idle.withLock { if $0.parsers.count < capacity { $0.parsers.append(returned) } }
        }
        return result
    }
}
