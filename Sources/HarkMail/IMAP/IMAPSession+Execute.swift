extension IMAPSession {
    /// Sends `command` and reads until its tagged completion, handing each untagged response
    /// to `untagged` (after the session has noted what it tracks: `EXISTS`, `UIDVALIDITY`,
    /// `BYE`). Synchronizing literals wait for the server's `+`; other continuations go to
    /// `continuation`, whose answer is sent (a command without one gets a `protocol_error`).
    ///
    /// - Parameters:
    ///   - expectedResponses: how many untagged responses the command may legitimately cause
    ///     (one per message fetched); `maximumUntaggedResponses` more are tolerated.
    /// - Returns: the tagged status (`OK`, `NO` or `BAD`).
    /// - Throws: ``IMAPError``: a timeout, a lost connection, a protocol error (a wrong tag,
    ///   too many untagged responses), or `connection_lost` on an unexpected `BYE`.
    @discardableResult
    func execute(
        _ command: IMAPCommand,
        what: String,
        expectedResponses: Int = 0,
        timeout: Duration? = nil,
        untagged: (IMAPUntaggedResponse) throws(IMAPError) -> Void = { _ in },
        continuation: ((String) throws(IMAPError) -> [UInt8])? = nil
    ) throws(IMAPError) -> IMAPStatusResponse {
        if let broken {
            throw IMAPError(.connectionLost, "the connection is unusable after an earlier error (\(broken.code))")
        }
        var limit = IMAPTimeLimit(
            what,
            total: timeout ?? configuration.timeouts.command,
            inactivity: configuration.timeouts.inactivity
        )
        let tag = nextTag()
        var chunks = try command.encoded(tag: tag, literalPlus: capabilities.contains("LITERAL+"))[...]
        try send(chunks.removeFirst(), within: &limit)
        var count = 0
        let allowed = expectedResponses + configuration.limits.maximumUntaggedResponses
        while true {
            guard let response = try readResponse(within: &limit) else { continue }
            switch response {
            case .continuation(let text):
                if let next = chunks.first {
                    chunks.removeFirst()
                    try send(next, within: &limit)
                } else if let continuation {
                    try send(try continuation(text), within: &limit)
                } else {
                    throw breaking(.protocolViolation("\(what): the server asked for a continuation nobody sent for"))
                }
            case .untagged(let response):
                count += 1
                guard count <= allowed else {
                    throw breaking(
                        .protocolViolation("\(what): the server sent more than \(allowed) untagged responses")
                    )
                }
                try observe(response, during: what)
                try untagged(response)
            case .tagged(let received, let status):
                guard received == tag else {
                    throw breaking(
                        .protocolViolation(
                            "\(what): a completion with the tag \(IMAPError.quote(received, limit: 20)) came for \(tag)"
                        )
                    )
                }
                return status
            }
        }
    }

    /// Notes what the session tracks in any untagged response.
    func observe(_ response: IMAPUntaggedResponse, during what: String) throws(IMAPError) {
        switch response {
        case .exists(let count):
            selected?.exists = count
        case .expunge:
            if let exists = selected?.exists, exists > 0 { selected?.exists = exists - 1 }
        case .status(let status) where status.status == .bye:
            byeReceived = true
            if !what.hasPrefix("LOGOUT") {
                throw breaking(
                    IMAPError(.connectionLost, "\(configuration.endpoint) ended the session (BYE) during \(what)")
                )
            }
        case .status(let status):
            if case .uidValidity(let value)? = status.code, let current = selected, current.uidValidity != value {
                changedUIDValidity = value
            }
        default:
            break
        }
    }

    /// Throws `uidvalidity_changed` when the server announced a new `UIDVALIDITY` for the
    /// selected mailbox; the selection is dropped so that the caller selects again.
    func checkUIDValidity() throws(IMAPError) {
        guard let value = changedUIDValidity, let current = selected else { return }
        changedUIDValidity = nil
        selected = nil
        throw IMAPError(
            .uidValidityChanged,
            "the UIDVALIDITY of \(current.mailbox) changed from \(current.uidValidity) to \(value); "
                + "its UIDs were renumbered"
        )
    }

    /// The error for a command that ended `NO` or `BAD`.
    func failure(_ status: IMAPStatusResponse, _ what: String, code: IMAPError.Code = .commandFailed) -> IMAPError {
        IMAPError(code, "\(what) failed: \(status.status.rawValue) \(IMAPError.quote(status.text))")
    }
}
