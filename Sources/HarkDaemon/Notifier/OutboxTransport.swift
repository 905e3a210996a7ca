import Foundation
import HarkCore
import HarkCurl
import HarkWebhooks

/// How one delivery attempt ended.
enum DeliveryOutcome: Sendable, Equatable {
    /// The receiver accepted it (a 2xx, or the mail server took the message).
    case delivered
    /// Try again later: a network problem, a timeout, 408, 429 or 5xx. `after` is the receiver's
    /// `Retry-After`, when it gave one.
    case retry(String, after: Duration?)
    /// Trying again will not help: the receiver refused the message itself (4xx, a 5xx SMTP reply).
    case refused(String)
}

/// Delivers outbox messages of one target.
protocol OutboxTransport: Sendable {
    func deliver(_ message: OutboxMessage, at now: Date) async -> DeliveryOutcome
}

/// Posts JSON to an HTTP receiver: a Slack-compatible incoming webhook, or a Standard Webhooks
/// receiver (the body signed with `webhook-id`, `webhook-timestamp` and `webhook-signature`).
///
/// Every attempt of a message carries its stable id in `webhook-id` (also to Slack-compatible
/// receivers, which ignore it), so a receiver can de-duplicate; the timestamp and signature are
/// those of the attempt.
struct HTTPOutboxTransport: OutboxTransport {
    let url: String
    /// The Standard Webhooks secret, or `nil` for an unsigned (Slack-compatible) post.
    let secret: WebhookSecret?
    /// Made with the notifier's limits (its timeout, 64 KiB answers).
    let fetcher: HTTPFetcher

    func deliver(_ message: OutboxMessage, at now: Date) async -> DeliveryOutcome {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let secret {
            do {
                let signed = try WebhookSigner.headers(
                    scheme: .standardWebhooks, secret: secret, body: message.payload,
                    timestamp: Int64(now.timeIntervalSince1970), deliveryID: message.id)
                headers += signed.map { (name: $0.0, value: $0.1) }
            } catch {
                return .refused("the signing secret cannot be used: \(error)")
            }
        } else {
            headers.append(("webhook-id", message.id))
        }
        let response: HTTPFetchResponse
        do {
            response = try await fetcher.fetch(HTTPFetchRequest(post: message.payload, to: url, headers: headers))
        } catch {
            // Network trouble, and also a blocked address or a bad URL: those last until the
            // configuration changes, so the message waits (with backoff) rather than being dropped.
            return .retry("\(error.code): \(error.message)", after: nil)
        }
        return Self.outcome(status: response.status, retryAfter: response.header("Retry-After"))
    }

    /// The outcome of an HTTP status: 2xx delivered; 408, 425, 429, 5xx and redirects (never
    /// followed for a POST) retried; any other 4xx refused.
    static func outcome(status: Int, retryAfter: String?) -> DeliveryOutcome {
        switch status {
        case 200..<300:
            return .delivered
        case 408, 425, 429, 500..<600:
            return .retry("HTTP \(status)", after: retryAfter.flatMap(Self.retryAfter))
        case 300..<400:
            return .retry("HTTP \(status) (a redirect; POSTs are not redirected: fix the URL)", after: nil)
        default:
            return .refused("HTTP \(status)")
        }
    }

    /// `Retry-After` in seconds (the HTTP-date form is rare from webhook receivers and ignored).
    static func retryAfter(_ value: String) -> Duration? {
        guard let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .seconds(min(seconds, 86_400))
    }
}

/// When the next attempt of a failed delivery starts: exponential backoff from `first`, doubled
/// per attempt up to `maximum`, spread by up to a fifth (derived from the message id, so it is
/// reproducible) so that many messages failing together do not retry together.
struct RetrySchedule: Sendable {
    var first: Duration
    var maximum: Duration
    var attempts: Int

    /// The next attempt after the `attempt`-th failed (1-based), or `nil` to give up.
    func next(after attempt: Int, of id: String, at now: Date, receiverAsked: Duration? = nil) -> Date? {
        guard attempt < attempts else { return nil }
        let base = first.inSeconds * pow(2, Double(min(attempt - 1, 30)))
        let capped = min(base, maximum.inSeconds)
        let spread = Double(id.utf8.reduce(UInt32(17)) { ($0 &* 31) &+ UInt32($1) } % 1000) / 1000 * 0.2
        var wait = capped * (1 + spread)
        if let asked = receiverAsked { wait = max(wait, min(asked.inSeconds, maximum.inSeconds)) }
        return now.addingTimeInterval(wait)
    }
}

/// Sends acknowledgement mails through an SMTP server (libcurl): the message was built when it was
/// enqueued, so every attempt sends the same bytes with the same `Message-ID`.
struct SMTPOutboxTransport: OutboxTransport {
    let sender: SMTPSender
    /// The envelope sender (`MAIL FROM`).
    let from: String

    func deliver(_ message: OutboxMessage, at now: Date) async -> DeliveryOutcome {
        guard let recipient = message.recipient else { return .refused("the message has no recipient") }
        do {
            try await sender.send(message.payload, envelope: SMTPEnvelope(from: from, recipients: [recipient]))
            return .delivered
        } catch {
            return error.isPermanent ? .refused(error.description) : .retry(error.description, after: nil)
        }
    }
}
