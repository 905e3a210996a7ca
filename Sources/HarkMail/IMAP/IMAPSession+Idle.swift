import Foundation

extension IMAPSession {
    /// Waits for new messages in the selected mailbox until `deadline`: `IDLE` (RFC 2177),
    /// re-issued every `idleRestart`, where the server has it; `NOOP` every `pollInterval`
    /// otherwise. Cancellation ends the wait cleanly (`DONE` is sent) and throws `cancelled`.
    func idle(until deadline: ContinuousClock.Instant) throws(IMAPError) -> IMAPIdleOutcome {
        var baseline = try requireSelected("IDLE").exists
        guard capabilities.contains("IDLE") else { return try poll(until: deadline, baseline: baseline) }
        while true {
            let cycleEnd = min(deadline, .now + configuration.timeouts.idleRestart)
            var grown: UInt32?
            var started = false
            var limit = IMAPTimeLimit("IDLE", total: configuration.timeouts.command, inactivity: nil)
            let tag = nextTag()
            try send(try IMAPCommand("IDLE").encoded(tag: tag)[0], within: &limit)
            // Until "+" comes, the command limit holds and cancellation waits (so that DONE can
            // follow); after it, the wait lasts until cycleEnd or cancellation.
            while grown == nil {
                let next: IMAPResponse?
                if started {
                    var wait = IMAPTimeLimit("IDLE", total: .seconds(86_400), inactivity: nil)
                    next = try readResponse(within: &wait, softDeadline: cycleEnd)
                } else {
                    next = try uncancellable { () throws(IMAPError) in try readResponse(within: &limit) }
                }
                guard let response = next else { break }
                switch response {
                case .continuation:
                    started = true
                case .untagged(let untagged):
                    try observe(untagged, during: "IDLE")
                    if case .expunge = untagged, baseline > 0 { baseline -= 1 }
                    if case .exists(let count) = untagged, count > baseline { grown = count }
                case .tagged(let received, let status):
                    guard received == tag else {
                        throw breaking(.protocolViolation("IDLE: a completion with a wrong tag"))
                    }
                    throw failure(status, "IDLE")
                }
            }
            try finishIdle(tag: tag, baseline: &baseline, grown: &grown)
            try checkUIDValidity()
            if let grown { return .newMessages(exists: grown) }
            if control.isCancelled { throw IMAPError(.cancelled, "waiting for new mail was cancelled") }
            if ContinuousClock.now >= deadline { return .timedOut }
        }
    }

    /// Sends `DONE` and reads up to `IDLE`'s completion, still noting new messages.
    private func finishIdle(tag: String, baseline: inout UInt32, grown: inout UInt32?) throws(IMAPError) {
        // A cancelled wait still ends properly: DONE and its completion are not cancelled.
        try uncancellable { () throws(IMAPError) in try readDone(tag: tag, baseline: &baseline, grown: &grown) }
    }

    private func readDone(tag: String, baseline: inout UInt32, grown: inout UInt32?) throws(IMAPError) {
        var limit = IMAPTimeLimit(
            "IDLE DONE",
            total: configuration.timeouts.command,
            inactivity: configuration.timeouts.inactivity
        )
        try send(Array("DONE\r\n".utf8), within: &limit)
        while true {
            guard let response = try readResponse(within: &limit) else { continue }
            switch response {
            case .continuation:
                continue
            case .untagged(let untagged):
                try observe(untagged, during: "IDLE")
                if case .expunge = untagged, baseline > 0 { baseline -= 1 }
                if case .exists(let count) = untagged, count > baseline { grown = count }
            case .tagged(let received, let status):
                guard received == tag else { throw breaking(.protocolViolation("IDLE: a completion with a wrong tag")) }
                guard status.status == .ok else { throw failure(status, "IDLE") }
                return
            }
        }
    }

    /// The fallback without `IDLE`: `NOOP` every `pollInterval` until the deadline.
    private func poll(until deadline: ContinuousClock.Instant, baseline: UInt32) throws(IMAPError) -> IMAPIdleOutcome {
        var baseline = baseline
        while true {
            let next = min(deadline, .now + configuration.timeouts.pollInterval)
            while ContinuousClock.now < next {
                if control.isCancelled { throw IMAPError(.cancelled, "waiting for new mail was cancelled") }
                // Nothing is expected on the socket between commands: just wait, in short steps.
                let step = min(next - .now, .milliseconds(100))
                if step > .zero { Thread.sleep(forTimeInterval: Double(step / .milliseconds(1)) / 1000) }
            }
            var grown: UInt32?
            let status = try execute(IMAPCommand("NOOP"), what: "NOOP") { response throws(IMAPError) in
                if case .expunge = response, baseline > 0 { baseline -= 1 }
                if case .exists(let count) = response, count > baseline { grown = count }
            }
            guard status.status == .ok else { throw failure(status, "NOOP") }
            try checkUIDValidity()
            if let grown { return .newMessages(exists: grown) }
            if ContinuousClock.now >= deadline { return .timedOut }
        }
    }

    /// `NOOP`: lets the server report changes; returns the selected mailbox's state after it.
    func noop() throws(IMAPError) -> IMAPMailboxStatus? {
        let status = try execute(IMAPCommand("NOOP"), what: "NOOP")
        guard status.status == .ok else { throw failure(status, "NOOP") }
        try checkUIDValidity()
        return selected
    }

    /// `LOGOUT`, reading up to its completion within a short limit; errors are ignored (the
    /// connection is closed afterwards anyway).
    func logout() {
        guard broken == nil else { return }
        _ = try? execute(IMAPCommand("LOGOUT"), what: "LOGOUT", timeout: .seconds(5))
    }
}
