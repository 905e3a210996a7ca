/// Recognises mail that no person wrote: auto-replies, bulk mail, read receipts, bounces and delivery
/// reports. They are flagged, not dropped; the source decides what a flagged message becomes.
enum AutomaticMail {
    /// The flags that apply, ``MailFlag/autoReply`` before ``MailFlag/bounce``.
    static func flags(_ root: MIMEEntity, from: MailAddress?, subject: String?) -> [MailFlag] {
        let header = root.header
        let lowerSubject = subject?.lowercased() ?? ""
        var autoReply = false
        var bounce = false

        if let value = header.first("auto-submitted").map({ token($0.value) }), !value.isEmpty, value != "no" {
            autoReply = true
        }
        for name in ["x-autoreply", "x-autorespond", "x-auto-reply", "x-autoresponder"] {
            if let value = header.first(name).map({ token($0.value) }), value != "no" { autoReply = true }
        }
        if let precedence = header.first("precedence").map({ token($0.value) }),
            ["bulk", "auto_reply", "auto-reply", "junk"].contains(precedence)
        {
            autoReply = true
        }
        if autoReplySubjects.contains(where: { lowerSubject.hasPrefix($0) })
            || autoReplyPhrases.contains(where: { lowerSubject.containsBytes($0) })
        {
            autoReply = true
        }

        if root.contentType.mediaType == "multipart/report" {
            if root.contentType.parameters["report-type"]?.lowercased() == "disposition-notification" {
                autoReply = true
            } else {
                bounce = true
            }
        }
        if header.first("x-failed-recipients") != nil { bounce = true }
        if let local = from?.address.split(separator: "@").first?.lowercased(),
            ["mailer-daemon", "postmaster"].contains(local)
        {
            bounce = true
        }
        if bounceSubjects.contains(where: { lowerSubject.containsBytes($0) }) { bounce = true }
        if containsDeliveryStatus(root, budget: 50) { bounce = true }

        return (autoReply ? [.autoReply] : []) + (bounce ? [.bounce] : [])
    }

    private static func token(_ value: [UInt8]) -> String {
        let text = HeaderText.string(value).text.lowercased()
        return text.split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "\t" || $0 == "(" }).first.map(String.init)
            ?? ""
    }

    /// Whether a `message/delivery-status` part is among the first `budget` entities.
    private static func containsDeliveryStatus(_ entity: MIMEEntity, budget: Int) -> Bool {
        var remaining = budget
        func visit(_ entity: MIMEEntity) -> Bool {
            remaining -= 1
            guard remaining >= 0 else { return false }
            if entity.contentType.mediaType == "message/delivery-status" { return true }
            if case .multipart(let multipart) = entity.content { return multipart.parts.contains(where: visit) }
            return false
        }
        return visit(entity)
    }

    private static let autoReplySubjects = [
        "auto:", "autoreply", "auto-reply", "auto reply", "automatic reply", "autosvar", "automatisk svar",
        "fraværende",
        "fraværsmelding", "frånvaro", "abwesenheit", "réponse automatique", "automatisch antwoord", "out of office",
        "out of the office", "away from the office",
    ]

    private static let autoReplyPhrases = [
        "out of office", "automatic reply", "automatisk svar", "autosvar:", "auto-reply:",
    ]

    private static let bounceSubjects = [
        "undelivered mail returned to sender", "delivery status notification", "undeliverable:", "undeliverable mail",
        "returned mail:", "mail delivery failed", "delivery failure", "failure notice", "mail delivery failure",
        "kunne ikke leveres", "ikke leveret", "ikke levert", "olevererbart", "kunde inte levereras", "unzustellbar",
        "non remis", "delivery has failed", "message not delivered",
    ]
}
