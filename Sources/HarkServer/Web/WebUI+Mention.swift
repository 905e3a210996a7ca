import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import Hummingbird
import Logging
import Mustache

/// A mention's page and the forms on it.
extension WebUI {
    func visibleMention(_ context: HarkRequestContext, _ visitor: Visitor) async throws -> Mention? {
        guard let raw = context.parameters.get("id"), let id = MentionID(raw), let mention = try await store.mention(id),
            InboxAPI.visible(mention, to: visitor.caller)
        else { return nil }
        return mention
    }

    func mentionPage(_ request: Request, _ context: HarkRequestContext, _ visitor: Visitor) async throws -> Response {
        let lang = language(request)
        let now = clock.now()
        guard let mention = try await visibleMention(context, visitor) else {
            return message(request, .notFound, "notFound")
        }
        let canWrite = visitor.caller.role == .admin || visitor.caller.role == .support
        let redact = visitor.caller.role == .marketing
        let assessment = mention.effectiveAssessment
        var values = base(request, lang, title: Self.summary(mention), visitor: visitor)
        for (key, value) in row(mention, lang, now: now) { values[key] = value }
        values["heading"] = mention.title ?? mention.subject ?? Self.summary(mention)
        values["subject"] = mention.subject ?? mention.title
        values["text"] = mention.text
        values["complaint"] = WebStrings.text(assessment?.complaint == true ? .yes : .no, lang)
        values["language"] = assessment?.language ?? "–"
        values["source"] = mention.source.rawValue
        values["responseKind"] = mention.workflow.responseKind.map { WebStrings.response($0, lang) } ?? ""
        values["assigneeValue"] = mention.assignee ?? ""
        if mention.assignee == nil { values["assignee"] = WebStrings.text(.unassigned, lang) }
        values["cues"] = assessment?.cues ?? []
        values["brands"] = (assessment?.brands ?? []).joined(separator: ", ")
        values["flags"] = mention.flags.joined(separator: ", ")
        values["link"] = mention.link.flatMap(TextCleanup.httpLink)
        if !redact {
            values["showAuthor"] = true
            values["author"] = [mention.author.name, mention.author.address, mention.author.handle].compactMap { $0 }
                .joined(separator: " · ")
        }
        if let correction = mention.correction {
            values["corrected"] = ["by": correction.by, "at": display(correction.at)]
        }
        if let recurrence = try await store.recurrenceSummaries(of: [mention.id])[mention.id] {
            if let customer = recurrence.customer {
                values["customer"] = [
                    "id": customer.id,
                    "prior": "\(WebStrings.text(.customerPrior, lang)): \(customer.priorComplaints)",
                ]
            }
            if let issue = recurrence.issue {
                values["issue"] = ["id": issue.id, "label": issue.label.isEmpty ? issue.id : issue.label, "occurrences": issue.occurrences]
            }
        }
        values["canWrite"] = canWrite
        values["canHandOff"] = canWrite && helpdesk?.isConfigured == true
        let moves = mention.status.allowedNext
        values["hasMoves"] = !moves.isEmpty
        values["moves"] = moves.map { ["value": $0.rawValue, "label": WebStrings.status($0, lang)] }
        values["severityOptions"] = Severity.allCases.map {
            ["value": $0.rawValue, "label": WebStrings.severity($0, lang), "selected": $0 == assessment?.severity]
        }
        values["categoryOptions"] = HarkCore.Category.allCases.map {
            ["value": $0.rawValue, "label": WebStrings.category($0, lang), "selected": $0 == assessment?.category]
        }
        if canWrite {
            values["notes"] = try await store.notes(of: mention.id).map {
                ["author": $0.author, "at": display($0.at), "text": $0.text]
            }
            values["history"] = try await store.history(of: mention.id).filter(InboxAPI.isHistory).map { event -> [String: Any] in
                let change = [event.before, event.after].compactMap { $0 }.joined(separator: " → ")
                return ["at": display(event.at), "actor": event.actor, "action": event.action, "change": change]
            }
        }
        values["earlier"] = try await earlierMentions(of: mention, visitor: visitor, lang: lang, now: now)
        return WebHTTP.html(.ok, library.render(values, withTemplate: "mention") ?? "")
    }

    /// The same customer's other mentions (by address, else handle), newest first.
    func earlierMentions(of mention: Mention, visitor: Visitor, lang: WebLanguage, now: Date) async throws -> [[String: Any]] {
        var query = MentionQuery(brandScope: visitor.caller.brands, limit: 20)
        if let address = mention.author.address {
            query.authorAddress = address
        } else if let handle = mention.author.handle {
            query.authorHandle = handle
        } else {
            return []
        }
        return try await store.mentions(query).items.filter { $0.id != mention.id }.map { row($0, lang, now: now) }
    }

    /// `POST /mentions/{id}/change`: a move, an assignment or a correction from the page's forms.
    func change(_ request: Request, _ context: HarkRequestContext) async -> Response {
        await action(request, context) { visitor, mention, form in
            var change = MentionChange()
            if let status = form["status"] {
                guard let value = InboxStatus(rawValue: status) else { throw HarkError(.invalidInput, "bad status") }
                change.status = value
            }
            if let assignee = form["assignee"] {
                let trimmed = assignee.trimmingCharacters(in: .whitespaces)
                change.assignee = .some(trimmed.isEmpty ? nil : trimmed)
            }
            if let severity = form["severity"], severity != mention.effectiveAssessment?.severity.rawValue {
                guard let value = Severity(rawValue: severity) else { throw HarkError(.invalidInput, "bad severity") }
                change.severity = value
            }
            if let category = form["category"], category != mention.effectiveAssessment?.category.rawValue {
                guard let value = HarkCore.Category(rawValue: category) else { throw HarkError(.invalidInput, "bad category") }
                change.category = value
            }
            guard !change.isEmpty else { return }
            _ = try await store.change(
                mention.id, change, by: Self.actor(visitor, context), at: clock.now(),
                serviceLevels: settings.current.serviceLevels)
        }
    }

    /// `POST /mentions/{id}/handoff`: hands the mention off to the helpdesk.
    func handoff(_ request: Request, _ context: HarkRequestContext) async -> Response {
        await action(request, context) { visitor, mention, _ in
            guard let helpdesk,
                try await helpdesk.handOff(mention, by: Self.actor(visitor, context), note: nil, in: store, at: clock.now())
                    != nil
            else {
                throw HarkError(.conflict, "no helpdesk is configured (notifier.helpdesk in the configuration)")
            }
        }
    }

    /// `POST /mentions/{id}/notes`.
    func note(_ request: Request, _ context: HarkRequestContext) async -> Response {
        await action(request, context) { visitor, mention, form in
            _ = try await store.addNote(
                to: mention.id, text: form["text"] ?? "", by: Self.actor(visitor, context), at: clock.now())
        }
    }

    static func actor(_ visitor: Visitor, _ context: HarkRequestContext) -> ChangeActor {
        ChangeActor(
            name: "session:\(visitor.caller.name)", role: visitor.caller.role.rawValue, requestID: context.id,
            sourceIP: context.remoteAddress)
    }

    /// Checks the session, the role, the origin and the CSRF token, runs `body`, and sends the
    /// browser back to the mention's page (with the refusal shown there when there was one).
    func action(
        _ request: Request, _ context: HarkRequestContext,
        _ body: (Visitor, Mention, [String: String]) async throws -> Void
    ) async -> Response {
        do {
            guard let visitor = try await visitor(request) else { return WebHTTP.redirect("/login") }
            let form = await WebHTTP.form(request.body)
            guard WebHTTP.sameOrigin(request), let form, Self.csrfMatches(form["csrf"], visitor.session.csrf) else {
                return message(request, .forbidden, "formExpired")
            }
            guard visitor.caller.role == .admin || visitor.caller.role == .support else {
                try await store.appendAudit(
                    AuditEvent(
                        at: clock.now(), actor: "session:\(visitor.caller.name)", role: visitor.caller.role.rawValue,
                        action: "web.change", requestID: context.id, sourceIP: context.remoteAddress,
                        outcome: "forbidden"))
                return message(request, .forbidden, "forbidden")
            }
            guard let mention = try await visibleMention(context, visitor) else {
                return message(request, .notFound, "notFound")
            }
            do {
                try await body(visitor, mention, form)
            } catch let error as HarkError where error.code == .conflict || error.code == .invalidInput {
                let lang = language(request)
                var values = base(request, lang, title: WebStrings.text(.forbidden, lang), visitor: visitor)
                values["error"] = error.message
                return WebHTTP.html(.conflict, library.render(values, withTemplate: "message") ?? "")
            }
            return WebHTTP.redirect("/mentions/\(mention.id.rawValue)")
        } catch let error as HarkError where error.code == .unavailable {
            return message(request, .serviceUnavailable, "unavailable")
        } catch {
            context.logger.error("web action failed", metadata: ["hark.error": "\(type(of: error))"])
            return message(request, .internalServerError, "error")
        }
    }
}
