import HarkCore

extension MailMessage {
    /// What an answer to this message needs: its ids for threading, and whether it came through
    /// a mailing list or with the null return path (then it is never answered automatically).
    public var replyContext: ReplyContext {
        ReplyContext(
            messageID: messageID, inReplyTo: inReplyTo, references: references, subject: subject,
            from: from?.address, isListMail: isListMail, returnPathIsNull: returnPathIsNull)
    }

    /// Whether the message came through a mailing list: it has `List-Id`, `List-Unsubscribe` or
    /// `List-Post` (RFC 2369, RFC 2919), or says `Precedence: list`.
    public var isListMail: Bool {
        if ["list-id", "list-unsubscribe", "list-post"].contains(where: { header($0) != nil }) { return true }
        let precedence = header("precedence")?.lowercased().split(whereSeparator: {
            $0 == " " || $0 == "\t" || $0 == ";"
        })
        return precedence?.first == "list"
    }

    /// Whether the topmost `Return-Path` is the null path `<>`: the envelope sender of a bounce
    /// or other automatic mail (RFC 5321 section 4.5.5).
    public var returnPathIsNull: Bool {
        guard let value = header("return-path") else { return false }
        return value.filter { $0 != " " && $0 != "\t" } == "<>"
    }
}
