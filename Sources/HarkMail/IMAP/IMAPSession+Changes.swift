extension IMAPSession {
    /// `UID STORE set +FLAGS.SILENT (flags)`: the opt-in marking after commit.
    func addFlags(_ flags: [String], to uids: IMAPSequenceSet) throws(IMAPError) {
        let mailbox = try requireWritable("UID STORE")
        guard !uids.isEmpty, !flags.isEmpty else { return }
        let what = "UID STORE in \(mailbox)"
        let command = IMAPCommand(
            "UID STORE",
            [.atom(uids.description), .atom("+FLAGS.SILENT"), .list(flags.map { .atom($0) })]
        )
        let status = try execute(command, what: what, expectedResponses: expected(uids))
        guard status.status == .ok else { throw failure(status, what) }
        try checkUIDValidity()
    }

    /// `UID MOVE` (RFC 6851), or `UID COPY`, `\Deleted` and `UID EXPUNGE` (RFC 4315) when the
    /// server lacks `MOVE`: the opt-in moving after commit.
    func move(_ uids: IMAPSequenceSet, to target: IMAPMailboxName) throws(IMAPError) {
        let mailbox = try requireWritable("UID MOVE")
        guard !uids.isEmpty else { return }
        let what = "UID MOVE from \(mailbox) to \(target)"
        if capabilities.contains("MOVE") {
            let status = try execute(
                IMAPCommand("UID MOVE", [.atom(uids.description), .mailbox(target)]),
                what: what,
                expectedResponses: expected(uids) * 2
            )
            guard status.status == .ok else { throw failure(status, what, code: moveFailure(status)) }
        } else {
            guard capabilities.contains("UIDPLUS") else {
                throw IMAPError(
                    .unsupported,
                    "\(configuration.endpoint) offers neither MOVE nor UIDPLUS; messages cannot be moved safely"
                )
            }
            let copy = try execute(IMAPCommand("UID COPY", [.atom(uids.description), .mailbox(target)]), what: what)
            guard copy.status == .ok else { throw failure(copy, what, code: moveFailure(copy)) }
            try addFlags(["\\Deleted"], to: uids)
            let expunge = try execute(
                IMAPCommand("UID EXPUNGE", [.atom(uids.description)]),
                what: what,
                expectedResponses: expected(uids)
            )
            guard expunge.status == .ok else { throw failure(expunge, what) }
        }
        try checkUIDValidity()
    }

    private func requireWritable(_ what: String) throws(IMAPError) -> IMAPMailboxName {
        let selected = try requireSelected(what)
        guard !selected.readOnly else {
            throw IMAPError(
                .invalidArgument,
                "\(what) needs \(selected.mailbox) selected read-write (SELECT, not EXAMINE)"
            )
        }
        return selected.mailbox
    }

    private func moveFailure(_ status: IMAPStatusResponse) -> IMAPError.Code {
        status.code == .nonexistent || status.code == .other("TRYCREATE", arguments: "")
            ? .mailboxMissing : .commandFailed
    }
}
