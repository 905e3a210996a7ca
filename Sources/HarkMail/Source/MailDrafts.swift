import Foundation
import HarkCore

/// Turns fetched messages into what the store takes: a mention per message, a quarantine record
/// per message that could not be held.
///
/// The keys (DESIGN.md, "the store"):
/// - the **delivery key** names the position: source, folder, `UIDVALIDITY` and UID. A message
///   read again at the same position is a duplicate delivery;
/// - the **mention key** names the message: its Message-ID *and* a digest of its content, or,
///   without a Message-ID, the content digest and the `Date`. The same message APPENDed twice,
///   copied to a second watched folder, or renumbered by a `UIDVALIDITY` change is one mention;
/// - the Message-ID alone is an ``IdentityClaim``: a second message with the same Message-ID but
///   other content is a mention of its own, flagged `message_id_collision`, never merged.
public enum MailDrafts {
    /// The flag of a message whose Message-ID was seen before on different content.
    public static let collisionFlag = "message_id_collision"

    /// The item for one fetched message.
    public static func item(
        _ fetched: IMAPMessage, parsed message: MailMessage, source: SourceID, folder: String, uidValidity: UInt32
    ) -> IngestItem {
        let text = message.newText.isEmpty ? message.text : message.newText
        var draft = MentionDraft(
            channel: .mail, source: source, externalID: message.messageID,
            author: Author(name: message.from?.name, address: message.from.flatMap { $0.address.isEmpty ? nil : $0.address }),
            publishedAt: message.date ?? fetched.internalDate, subject: message.subject, title: nil, text: text,
            link: nil, deliveryKey: deliveryKey(source: source, folder: folder, uidValidity: uidValidity, uid: fetched.uid),
            mentionKey: DedupKey(digest: ""), flags: message.flags.map(\.rawValue),
            raw: RawInput(contentType: "message/rfc822", bytes: fetched.raw))
        draft.place = folder
        draft.replyContext = message.replyContext
        if let id = message.messageID {
            draft.mentionKey = DedupKey.derive("mail", id, draft.contentDigest)
            draft.identityClaim = IdentityClaim(key: DedupKey.derive("mail-message-id", id), flag: collisionFlag)
        } else {
            let date = message.date.map { "\(Int64($0.timeIntervalSince1970.rounded(.down)))" } ?? ""
            draft.mentionKey = DedupKey.derive("mail-content", draft.contentDigest, date)
        }
        return .mention(draft, nil)
    }

    /// The quarantine record of a message larger than the size cap: its body was never held, so
    /// the record names where it is (folder, `UIDVALIDITY`, UID) and how large it is.
    public static func tooLarge(
        _ summary: IMAPMessageSummary, source: SourceID, folder: String, uidValidity: UInt32, cap: Int
    ) -> IngestItem {
        var metadata = [
            "folder": folder, "uidvalidity": "\(uidValidity)", "uid": "\(summary.uid)", "size": "\(summary.size)",
        ]
        if let date = summary.internalDate { metadata["internal_date"] = date.formatted(.iso8601) }
        return .quarantine(
            QuarantineDraft(
                source: source, channel: .mail, reason: "message_too_large",
                detail: "a message of \(summary.size) bytes is over the cap of \(cap) bytes (limits.mail_message_bytes); "
                    + "it is still on the server at the folder and UID in the metadata",
                deliveryKey: deliveryKey(source: source, folder: folder, uidValidity: uidValidity, uid: summary.uid),
                raw: RawInput(contentType: nil, bytes: Data()), metadata: metadata))
    }

    /// The delivery key of a position in a mailbox.
    public static func deliveryKey(source: SourceID, folder: String, uidValidity: UInt32, uid: UInt32) -> DedupKey {
        DedupKey.derive("imap", source.rawValue, folder, "\(uidValidity)", "\(uid)")
    }
}
