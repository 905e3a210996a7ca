/// What an answer to a mail needs to know about it: the ids that thread the answer, and the marks
/// that say whether answering automatically is wise at all.
///
/// Made by the mail source from the parsed message (``MentionDraft/replyContext``) and kept with
/// an outgoing acknowledgement. Ids are stored without angle brackets, as the mail parser gives
/// them; ids that could not be written back into a header (blanks, control characters, `<`, `>`)
/// are left out.
public struct ReplyContext: Sendable, Hashable, Codable {
    /// The most ids kept in ``references``: the thread's root and the newest ones.
    public static let maximumReferences = 20

    /// The message's `Message-ID`, without angle brackets.
    public var messageID: String?
    /// The message's `References`, then its `In-Reply-To`, without duplicates: the ancestors an
    /// answer's `References` repeats before ``messageID``. At most ``maximumReferences``.
    public var references: [String]
    /// The thread the message belongs to: its first `References` id, else its `In-Reply-To`, else
    /// its own `Message-ID`, else a digest of its subject and sender.
    public var threadKey: String
    /// Whether the message came through a mailing list (`List-Id`, `List-Unsubscribe`, `List-Post`,
    /// or `Precedence: list`): an automatic answer would go to the list or its members.
    public var isListMail: Bool
    /// Whether the message had the null return path (`Return-Path: <>`): a bounce or other
    /// automatic mail that must never be answered automatically.
    public var returnPathIsNull: Bool

    /// A context with every field given as is (as read back from storage).
    public init(
        messageID: String?, references: [String], threadKey: String, isListMail: Bool, returnPathIsNull: Bool
    ) {
        self.messageID = messageID
        self.references = references
        self.threadKey = threadKey
        self.isListMail = isListMail
        self.returnPathIsNull = returnPathIsNull
    }

    /// The context of a message from its header values.
    /// - Parameters:
    ///   - messageID: its `Message-ID`, without angle brackets.
    ///   - inReplyTo: its `In-Reply-To` id.
    ///   - references: its `References` ids, oldest first.
    ///   - subject: its subject, for the thread key of a message without any id.
    ///   - from: its sender's address, for the same.
    ///   - isListMail: whether it came through a mailing list.
    ///   - returnPathIsNull: whether its `Return-Path` is `<>`.
    public init(
        messageID: String?, inReplyTo: String?, references: [String], subject: String?, from: String?,
        isListMail: Bool, returnPathIsNull: Bool
    ) {
        let ownID = messageID.flatMap(Self.usableID)
        let parent = inReplyTo.flatMap(Self.usableID)
        var ancestors: [String] = []
        var seen: Set<String> = []
        for id in references.compactMap(Self.usableID) + (parent.map { [$0] } ?? []) where id != ownID {
            if seen.insert(id).inserted { ancestors.append(id) }
        }
        self.messageID = ownID
        self.references = Self.capped(ancestors)
        self.isListMail = isListMail
        self.returnPathIsNull = returnPathIsNull
        if let root = references.lazy.compactMap(Self.usableID).first ?? parent ?? ownID {
            threadKey = root
        } else {
            threadKey =
                "digest:"
                + DedupKey.derive("reply-thread", Self.baseSubject(subject ?? ""), (from ?? "").lowercased()).digest
        }
    }

    /// `id` when it can be written between angle brackets in a header: not empty, at most 250
    /// characters, no blank, control character, `<` or `>`. `nil` otherwise.
    public static func usableID(_ id: String) -> String? {
        var text = Substring(id)
        if text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, text.count <= 250 else { return nil }
        let clean = text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x00...0x20, 0x7F...0xA0, 0x2028, 0x2029: return false
            default: return scalar != "<" && scalar != ">"
            }
        }
        return clean ? String(text) : nil
    }

    /// At most ``maximumReferences`` ids: the first (the thread's root) and the newest.
    public static func capped(_ ids: [String]) -> [String] {
        guard ids.count > maximumReferences else { return ids }
        return [ids[0]] + ids.suffix(maximumReferences - 1)
    }

    /// A subject without reply and forward prefixes (`Re:`, `SV:`, `AW:`, `Fwd:`, ...), so that
    /// the messages of one conversation share a thread key.
    static func baseSubject(_ subject: String) -> String {
        var text = Substring(subject.lowercased())
        let prefixes = ["re:", "sv:", "vs:", "aw:", "antw:", "ang:", "fw:", "fwd:", "vb:", "wg:", "tr:"]
        var changed = true
        while changed {
            changed = false
            text = text.drop { $0 == " " || $0 == "\t" }
            for prefix in prefixes where text.hasPrefix(prefix) {
                text = text.dropFirst(prefix.count)
                changed = true
            }
        }
        return String(text)
    }
}
