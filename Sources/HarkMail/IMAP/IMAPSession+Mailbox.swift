import Foundation
import Logging

extension IMAPSession {
    /// `EXAMINE` (read-only) or `SELECT` a mailbox.
    func select(
        _ mailbox: IMAPMailboxName,
        readOnly: Bool,
        expectedUIDValidity: UInt32?
    ) throws(IMAPError) -> IMAPMailboxStatus {
        let verb = readOnly ? "EXAMINE" : "SELECT"
        let what = "\(verb) \(mailbox)"
        selected = nil
        changedUIDValidity = nil
        var uidValidity: UInt32?
        var uidNext: UInt32?
        var exists: UInt32?
        let status = try execute(IMAPCommand(verb, [.mailbox(mailbox)]), what: what) { response throws(IMAPError) in
            switch response {
            case .exists(let count): exists = count
            case .status(let status):
                switch status.code {
                case .uidValidity(let value)?: uidValidity = value
                case .uidNext(let value)?: uidNext = value
                default: break
                }
            default: break
            }
        }
        switch status.status {
        case .ok: break
        case .no:
            if case .other(let name, _)? = status.code,
                ["UNAVAILABLE", "SERVERBUG", "LIMIT", "INUSE", "CONTACTADMIN"].contains(name)
            {
                throw failure(status, what)
            }
            throw failure(status, what, code: .mailboxMissing)
        default: throw failure(status, what)
        }
        guard let uidValidity, uidValidity > 0 else {
            throw breaking(.protocolViolation("\(what): the server gave no valid UIDVALIDITY"))
        }
        let result = IMAPMailboxStatus(
            mailbox: mailbox,
            uidValidity: uidValidity,
            uidNext: uidNext,
            exists: exists ?? 0,
            readOnly: readOnly || status.code == .readOnly
        )
        if let expectedUIDValidity, expectedUIDValidity != uidValidity {
            throw IMAPError(
                .uidValidityChanged,
                "the UIDVALIDITY of \(mailbox) is \(uidValidity), not \(expectedUIDValidity): its UIDs were renumbered"
            )
        }
        selected = result
        logger.debug(
            "imap mailbox selected",
            metadata: [
                "imap.mailbox": "\(mailbox)", "imap.uidvalidity": "\(uidValidity)", "imap.exists": "\(result.exists)",
            ]
        )
        return result
    }

    /// How many untagged responses a command on `uids` may cause: one per message, but never
    /// more than the mailbox holds (a range like `1:4294967295` does not open the gate).
    func expected(_ uids: IMAPSequenceSet) -> Int {
        min(uids.count, Int(selected?.exists ?? 0) + 1_000)
    }

    /// The status of the selected mailbox, or a clear error when none is.
    func requireSelected(_ what: String) throws(IMAPError) -> IMAPMailboxStatus {
        guard let selected else {
            throw IMAPError(.invalidArgument, "\(what) needs a selected mailbox; select one first")
        }
        return selected
    }

    /// `UID SEARCH UID from:through` (or `from:*`), ascending.
    func uidSearch(from first: UInt32, through last: UInt32?) throws(IMAPError) -> [UInt32] {
        let mailbox = try requireSelected("UID SEARCH").mailbox
        let first = max(first, 1)
        if let last, last < first { return [] }
        let range = last.map { "\(first):\($0)" } ?? "\(first):*"
        var found: [UInt32] = []
        let what = "UID SEARCH in \(mailbox)"
        let status = try execute(IMAPCommand("UID SEARCH", [.atom("UID"), .atom(range)]), what: what) {
            response throws(IMAPError) in
            if case .search(let uids) = response { found += uids }
        }
        guard status.status == .ok else { throw failure(status, what) }
        try checkUIDValidity()
        // "n:*" also matches the highest UID when it is below n.
        return Set(found.filter { $0 >= first && $0 <= (last ?? .max) }).sorted()
    }

    /// `UID FETCH set (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])`: whole messages, `\Seen`
    /// untouched, at most `maximumBatchBytes` of bodies held (the rest deferred).
    func uidFetch(_ uids: IMAPSequenceSet) throws(IMAPError) -> IMAPFetchBatch {
        let mailbox = try requireSelected("UID FETCH").mailbox
        guard !uids.isEmpty else { return IMAPFetchBatch() }
        let limits = configuration.limits
        var batch = IMAPFetchBatch()
        var held = 0
        var seen: Set<UInt32> = []
        framer.literalHoldLimit = min(limits.maximumLiteralSize, limits.maximumBatchBytes)
        defer { framer.literalHoldLimit = limits.maximumLiteralSize }
        let items: [IMAPCommand.Argument] = [
            .atom("UID"), .atom("INTERNALDATE"), .atom("RFC822.SIZE"), .atom("BODY.PEEK[]"),
        ]
        let what = "UID FETCH in \(mailbox)"
        let status = try execute(
            IMAPCommand("UID FETCH", [.atom(uids.description), .list(items)]),
            what: what,
            expectedResponses: expected(uids)
        ) { response throws(IMAPError) in
            // Unsolicited FETCH responses (flag changes) carry no body: skip them.
            guard case .fetch(let fetch) = response, let body = fetch.body else { return }
            guard let uid = fetch.uid else {
                // Without its UID a message could not be accounted for: never drop one silently.
                throw breaking(.protocolViolation("\(what): a message came without its UID"))
            }
            guard uids.contains(uid), seen.insert(uid).inserted else { return }
            switch body {
            case .data(let raw):
                held += raw.count
                batch.messages.append(
                    IMAPMessage(uid: uid, internalDate: fetch.internalDate, size: fetch.size ?? raw.count, raw: raw)
                )
                framer.literalHoldLimit = max(0, min(limits.maximumLiteralSize, limits.maximumBatchBytes - held))
            case .skipped(let size) where size > limits.maximumLiteralSize:
                batch.tooLarge.append(
                    IMAPMessageSummary(uid: uid, internalDate: fetch.internalDate, size: fetch.size ?? size)
                )
            case .skipped:
                batch.deferred.append(uid)
            }
        }
        guard status.status == .ok else { throw failure(status, what) }
        try checkUIDValidity()
        batch.messages.sort { $0.uid < $1.uid }
        batch.tooLarge.sort { $0.uid < $1.uid }
        batch.deferred.sort()
        return batch
    }

    /// `UID FETCH set (UID FLAGS)`: the flags of each message.
    func uidFlags(_ uids: IMAPSequenceSet) throws(IMAPError) -> [UInt32: [String]] {
        let mailbox = try requireSelected("UID FETCH FLAGS").mailbox
        guard !uids.isEmpty else { return [:] }
        var flags: [UInt32: [String]] = [:]
        let what = "UID FETCH FLAGS in \(mailbox)"
        let command = IMAPCommand("UID FETCH", [.atom(uids.description), .list([.atom("UID"), .atom("FLAGS")])])
        let status = try execute(command, what: what, expectedResponses: expected(uids)) { response throws(IMAPError) in
            if case .fetch(let fetch) = response, let uid = fetch.uid, let list = fetch.flags { flags[uid] = list }
        }
        guard status.status == .ok else { throw failure(status, what) }
        try checkUIDValidity()
        return flags
    }
}
