import Foundation
import HarkCore
import HarkServer

/// Writes the outbox messages of alerts and hand-offs: which targets hear of a mention, the stable
/// id of each message, and its body in the target's format. Pure: the time comes in.
///
/// Alerts name the mention, its assessment, an excerpt and a link, never the author's address or
/// handle: they go to chat channels and on-call tools. A hand-off carries the whole mention, the
/// customer's contact included, because the helpdesk must answer them.
struct AlertComposer: Sendable {
    struct Target: Sendable {
        var id: String
        var format: HarkConfiguration.AlertFormat
        var events: Set<OutboxKind>
        var brands: [String]?
    }

    /// The helpdesk target's name in the outbox.
    static let helpdeskTarget = "helpdesk"
    /// The longest excerpt of the mention's text an alert carries.
    static let excerptLength = 300

    var targets: [Target]
    /// The page's public address, for links (`nil`: alerts carry the mention id only).
    var publicURL: String?

    init(_ settings: HarkConfiguration.Notifier) {
        targets = settings.alerts.map { Target(id: $0.id, format: $0.format, events: $0.events, brands: $0.brands) }
        publicURL = settings.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// Whether any target hears of `kind`.
    func hears(_ kind: OutboxKind) -> Bool { targets.contains { $0.events.contains(kind) } }

    /// The alerts of a new very dissatisfied mention, one per target that hears of it.
    func veryDissatisfied(_ mention: Mention, at now: Date) -> [OutboxMessage] {
        guard mention.effectiveAssessment?.severity == .veryDissatisfied else { return [] }
        return alerts(.veryDissatisfied, mention, idParts: [], at: now)
    }

    /// The alerts of a missed deadline (`nil` when the mention is not overdue at `now`). The id
    /// names the deadline, so a mention reopened and overdue again alerts again, once.
    func slaBreach(_ mention: Mention, at now: Date) -> [OutboxMessage] {
        guard let deadline = Self.missedDeadline(mention, at: now) else { return [] }
        return alerts(.slaBreach, mention, idParts: [deadline.name, "\(Int64(deadline.at.timeIntervalSince1970))"], at: now)
    }

    /// The hand-off of `mention` to the helpdesk. One per mention: handing it off again finds the
    /// same message.
    func handoff(_ mention: Mention, by actor: ChangeActor, note: String?, at now: Date) throws -> OutboxMessage {
        let id = OutboxMessage.stableID(OutboxKind.handoff.rawValue, Self.helpdeskTarget, mention.id.rawValue)
        let body = HandoffBody(
            type: "mention.handoff", timestamp: RFC3339.string(now),
            data: .init(
                handoffID: id, mention: MentionJSON(mention: mention, now: now), url: link(to: mention),
                handedOffBy: actor.name, note: note.flatMap(TextCleanup.singleLine).map { String($0.prefix(2000)) }))
        return OutboxMessage(
            id: id, target: Self.helpdeskTarget, kind: .handoff, mentionID: mention.id, payload: try Self.encode(body),
            createdAt: now)
    }

    /// The deadline `mention` missed at `now`: the first response, or the follow-up.
    static func missedDeadline(_ mention: Mention, at now: Date) -> (name: String, at: Date)? {
        if mention.status.awaitsResponse, let due = mention.workflow.dueAt, due < now { return ("response", due) }
        if mention.status == .resolved, let due = mention.workflow.followUpAt, due < now { return ("follow_up", due) }
        return nil
    }

    private func alerts(_ kind: OutboxKind, _ mention: Mention, idParts: [String], at now: Date) -> [OutboxMessage] {
        let brands = mention.effectiveAssessment?.brands ?? []
        return targets.compactMap { target in
            guard target.events.contains(kind) else { return nil }
            if let wanted = target.brands, !wanted.contains(where: brands.contains) { return nil }
            let id = OutboxMessage.stableID([kind.rawValue, target.id, mention.id.rawValue] + idParts)
            let payload: Data
            do {
                payload = try body(kind, mention, format: target.format, id: id, at: now)
            } catch {
                return nil  // Encoding plain values cannot fail; nothing to send if it did.
            }
            return OutboxMessage(
                id: id, target: target.id, kind: kind, mentionID: mention.id, payload: payload, createdAt: now)
        }
    }

    private func body(
        _ kind: OutboxKind, _ mention: Mention, format: HarkConfiguration.AlertFormat, id: String, at now: Date
    ) throws -> Data {
        let summary = AlertSummary(mention, url: link(to: mention), at: now)
        switch format {
        case .slack:
            let text = SlackText.alert(kind, summary, missed: Self.missedDeadline(mention, at: now)?.name)
            return try Self.encode(SlackBody(text: text, blocks: [.init(text: .init(text: text))]))
        case .standardWebhooks:
            let breach = kind == .slaBreach
                ? Self.missedDeadline(mention, at: now).map { AlertBody.Breach(deadline: $0.name, dueAt: RFC3339.string($0.at)) }
                : nil
            return try Self.encode(
                AlertBody(
                    type: "mention.\(kind.rawValue)", timestamp: RFC3339.string(now),
                    data: .init(alertID: id, mention: summary, breach: breach)))
        }
    }

    private func link(to mention: Mention) -> String? {
        publicURL.map { "\($0)/mentions/\(mention.id.rawValue)" }
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(value)
    }
}

/// What an alert says about a mention: no author address or handle.
struct AlertSummary: Encodable, Sendable {
    var id: String
    var source: String
    var channel: String
    var status: String
    var severity: String?
    var category: String?
    var language: String?
    var brands: [String]
    var title: String?
    var excerpt: String
    var link: String?
    var receivedAt: String
    var dueAt: String?
    var responseKind: String?
    var url: String?

    init(_ mention: Mention, url: String?, at now: Date) {
        let assessment = mention.effectiveAssessment
        id = mention.id.rawValue
        source = mention.source.rawValue
        channel = mention.channel.rawValue
        status = mention.status.rawValue
        severity = assessment?.severity.rawValue
        category = assessment?.category.rawValue
        language = assessment?.language
        brands = assessment?.brands ?? []
        title = mention.title ?? mention.subject
        let text = TextCleanup.singleLine(mention.text) ?? ""
        excerpt = text.count > AlertComposer.excerptLength ? String(text.prefix(AlertComposer.excerptLength)) + "…" : text
        link = mention.link
        receivedAt = RFC3339.string(mention.receivedAt)
        dueAt = mention.workflow.dueAt.map(RFC3339.string)
        responseKind = mention.workflow.responseKind?.rawValue
        self.url = url
    }
}

/// The generic alert body (Standard Webhooks' recommended `type`, `timestamp`, `data`).
struct AlertBody: Encodable {
    struct Breach: Encodable {
        var deadline: String
        var dueAt: String
    }

    struct Payload: Encodable {
        var alertID: String
        var mention: AlertSummary
        var breach: Breach?

        enum CodingKeys: String, CodingKey {
            case alertID = "alert_id"
            case mention, breach
        }
    }

    var type: String
    var timestamp: String
    var data: Payload
}

/// The hand-off body: the whole mention as the API shows it to support.
struct HandoffBody: Encodable {
    struct Payload: Encodable {
        var handoffID: String
        var mention: MentionJSON
        var url: String?
        var handedOffBy: String
        var note: String?

        enum CodingKeys: String, CodingKey {
            case handoffID = "handoff_id"
            case mention, url
            case handedOffBy = "handed_off_by"
            case note
        }
    }

    var type: String
    var timestamp: String
    var data: Payload
}

/// A Slack-compatible incoming-webhook body: `text` (also the notification) and one section block.
struct SlackBody: Encodable {
    struct Block: Encodable {
        struct Text: Encodable {
            var type = "mrkdwn"
            var text: String
        }

        var type = "section"
        var text: Text
    }

    var text: String
    var blocks: [Block]
}
