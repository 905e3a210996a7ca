import CompressNIO
import Foundation
import HTTPTypes
import HarkCore
import HarkStore
import HarkWebhooks
import Hummingbird
import Logging
import NIOCore

/// `POST /hooks/{source}`: verify, map, and hand to the sink; answer `202` only after the commit.
///
/// Every request ends in exactly one outcome, counted in ``IntakeMetrics``: stored (new, duplicate or
/// revised), quarantined (signed but unparsable, or a delivery-id conflict), or rejected with a 4xx/5xx.
public struct WebhookRoute: Sendable {
    let settings: SettingsHolder
    let sink: any MentionSink
    let store: any InboxStore
    let clock: any WallClock
    let limiter: RateLimiter
    let metrics: IntakeMetrics

    public init(
        settings: SettingsHolder, sink: any MentionSink, store: any InboxStore, clock: any WallClock,
        limiter: RateLimiter, metrics: IntakeMetrics
    ) {
        self.settings = settings
        self.sink = sink
        self.store = store
        self.clock = clock
        self.limiter = limiter
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: HarkRequestContext) async -> Response {
        let settings = self.settings.current
        guard let raw = context.parameters.get("source"), let source = SourceID(raw),
            let endpoint = settings.endpoints[source]
        else {
            metrics.count(source: "unknown", outcome: "rejected_404")
            return JSONResponses.error(.notFound, "unknown_source", "no webhook source with this id")
        }
        let response = await process(request, context: context, endpoint: endpoint, limits: settings.limits)
        // Each request is counted once: acknowledged outcomes where they are decided, refusals here.
        // A 409 is a delivery-id conflict (quarantined, the original kept), counted as such.
        if response.status == .conflict {
            metrics.count(source: source.rawValue, outcome: "conflict")
        } else if response.status.code >= 400 {
            metrics.count(source: source.rawValue, outcome: "rejected_\(response.status.code)")
        }
        return response
    }

    private func process(
        _ request: Request, context: HarkRequestContext, endpoint: WebhookEndpoint, limits: ServerLimits
    ) async -> Response {
        let source = endpoint.source
        let now = clock.now()
        if let wait = limiter.acquire("hook:\(source)", rate: limits.webhookRatePerSource, now: now)
            ?? limiter.acquire("hook:\(source):\(context.remoteAddress)", rate: limits.webhookRatePerAddress, now: now)
        {
            return JSONResponses.error(.tooManyRequests, "rate_limited", "too many requests", retryAfter: wait)
        }
        let contentType = request.headers[.contentType]
        let mediaType = contentType.map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        guard let mediaType, endpoint.contentTypes.contains(mediaType) else {
            return JSONResponses.error(
                .unsupportedMediaType, "unsupported_media_type",
                "Content-Type must be one of: \(endpoint.contentTypes.sorted().joined(separator: ", "))")
        }
        let encoding = request.headers[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased()
        guard encoding == nil || encoding == "identity" || encoding == "gzip" else {
            return JSONResponses.error(
                .unsupportedMediaType, "unsupported_encoding", "Content-Encoding may only be gzip (one layer)")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.webhookBodyBytes {
            return tooLarge(limits)
        }
        let body: ByteBuffer
        switch await BodyReader.collect(request.body, limit: limits.webhookBodyBytes) {
        case .success(let buffer): body = buffer
        case .failure(.tooLarge): return tooLarge(limits)
        case .failure(.interrupted):
            return JSONResponses.error(.requestTimeout, "body_interrupted", "the body was not received completely")
        }
        var decoded = body
        if encoding == "gzip" {
            do {
                decoded = try decoded.decompress(with: .gzip(), maxSize: limits.webhookBodyBytes)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                return tooLarge(limits)
            } catch {
                return JSONResponses.error(.badRequest, "bad_encoding", "the gzip body could not be decoded")
            }
        }
        let bytes = Data(decoded.readableBytesView)
        CrashPoint.pass("after_read")
        return await verifyAndIngest(bytes, contentType: contentType, request: request, context: context, endpoint: endpoint, now: now)
    }

    private func verifyAndIngest(
        _ bytes: Data, contentType: String?, request: Request, context: HarkRequestContext, endpoint: WebhookEndpoint,
        now: Date
    ) async -> Response {
        let source = endpoint.source
        let headers = WebhookHeaders(request.headers.map { ($0.name.rawName, $0.value) })
        let verification = endpoint.verifier.verify(headers: headers, body: bytes, now: now)
        guard verification.isVerified else {
            await auditFailure(source: source, verification: verification, context: context, now: now)
            if case .malformed = verification {
                return JSONResponses.error(.badRequest, "malformed_signature", "the signature headers are malformed")
            }
            return JSONResponses.error(.unauthorized, verification.label, "the signature could not be verified")
        }
        let deliveryID: String?
        do {
            deliveryID = try endpoint.verifier.deliveryID(headers: headers)
        } catch {
            return JSONResponses.error(.badRequest, "malformed_delivery_id", error.reason)
        }
        let key = WebhookPayloadMapper.deliveryKey(source: source, deliveryID: deliveryID, body: bytes).key
        let item: IngestItem
        switch endpoint.mapper.map(body: bytes, headers: headers, source: source, deliveryKey: key, contentType: contentType) {
        case .draft(let draft):
            item = .mention(draft, nil)
        case .ignored:
            metrics.count(source: source.rawValue, outcome: "ignored")
            return JSONResponses.accepted(id: nil, duplicate: false, ignored: true)
        case .unparsable(let reason, let detail):
            guard endpoint.verifier.scheme != .none else {
                // Unsigned input is not worth keeping: anyone could fill the quarantine.
                return JSONResponses.error(.badRequest, reason, detail)
            }
            var metadata: [String: String] = [:]
            if let deliveryID { metadata["delivery_id"] = deliveryID }
            for name in ["X-GitHub-Event", "X-Discourse-Event"] { metadata[name.lowercased()] = headers[name] }
            item = .quarantine(
                QuarantineDraft(
                    source: source, channel: .webhook, reason: reason, detail: detail, deliveryKey: key,
                    raw: RawInput(contentType: contentType, bytes: bytes), metadata: metadata))
        }
        CrashPoint.pass("after_parse")
        do {
            let receipts = try await sink.submit(IngestBatch(source: source, items: [item]))
            CrashPoint.pass("after_commit")
            return answer(receipts.first, source: source)
        } catch {
            // The sink throws only when nothing was committed: the sender should retry.
            return unavailable()
        }
    }

    /// The answer to a receipt. Acknowledged outcomes are counted here; refusals (a conflict, no
    /// receipt) are counted once, by ``handle(_:context:)``, from their status.
    private func answer(_ receipt: IngestReceipt?, source: SourceID) -> Response {
        let acknowledged: (outcome: String, response: Response)
        switch receipt {
        case .stored(let id): acknowledged = ("stored", JSONResponses.accepted(id: id.rawValue, duplicate: false))
        case .revised(let id): acknowledged = ("revised", JSONResponses.accepted(id: id.rawValue, duplicate: false))
        case .duplicate(let id): acknowledged = ("duplicate", JSONResponses.accepted(id: id.rawValue, duplicate: true))
        case .quarantined(let qid):
            acknowledged = ("quarantined", JSONResponses.accepted(id: nil, duplicate: false, quarantined: qid))
        case .duplicateQuarantine(let qid):
            acknowledged = ("duplicate", JSONResponses.accepted(id: nil, duplicate: true, quarantined: qid))
        case .conflict:
            return JSONResponses.error(
                .conflict, "delivery_conflict", "this delivery id was received with a different body")
        case nil:
            return unavailable()
        }
        metrics.count(source: source.rawValue, outcome: acknowledged.outcome)
        return acknowledged.response
    }

    private func unavailable() -> Response {
        JSONResponses.error(
            .serviceUnavailable, "unavailable", "the inbox cannot commit right now; retry later", retryAfter: 5)
    }

    private func tooLarge(_ limits: ServerLimits) -> Response {
        JSONResponses.error(.contentTooLarge, "body_too_large", "the body exceeds \(limits.webhookBodyBytes) bytes")
    }

    private func auditFailure(
        source: SourceID, verification: WebhookVerification, context: HarkRequestContext, now: Date
    ) async {
        try? await store.appendAudit(
            AuditEvent(
                at: now, actor: "webhook:\(source)", action: "webhook.authenticate", object: "source:\(source)",
                requestID: context.id, sourceIP: context.remoteAddress, outcome: "denied:\(verification.label)"))
    }
}
