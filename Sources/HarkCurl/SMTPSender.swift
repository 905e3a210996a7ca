import Foundation

/// Delivers complete messages to one SMTP server through libcurl: the connect-time address guard
/// on every connection, TLS verified, no proxy, libcurl's blocking work kept off Swift's
/// cooperative pool.
///
/// The message must be ready to send: CRLF line ends, no line longer than 998 bytes. libcurl does
/// SMTP's dot-stuffing itself (a line starting with `.` gets a second one on the wire), so a body
/// line `.` arrives intact and cannot end the data early. Each delivery runs on a thread of its
/// own; at most `maximumConcurrentTransfers` run at once and further ones wait (without a thread)
/// for a slot. Cancelling the calling task stops a running delivery at libcurl's next callback
/// (within about a second) with `cancelled`.
public final class SMTPSender: Sendable {
    /// The largest message sent, in bytes.
    public static let maximumMessageBytes = 10 * 1_048_576
    /// The most recipients of one delivery.
    public static let maximumRecipients = 100

    /// Which addresses may be connected to.
    public let policy: AddressPolicy
    /// The server and how to reach it.
    public let settings: SMTPSettings
    private let slots: TransferSlots

    /// A sender.
    /// - Parameters:
    ///   - policy: the address guard, built from `network.allow_cidrs` (a relay on loopback or a
    ///     private network must be listed there).
    ///   - settings: the server.
    ///   - maximumConcurrentTransfers: deliveries (threads) running at once, at least 1.
    public init(policy: AddressPolicy, settings: SMTPSettings, maximumConcurrentTransfers: Int = 2) {
        self.policy = policy
        self.settings = settings
        slots = TransferSlots(limit: maximumConcurrentTransfers)
    }

    /// Delivers `message` to `envelope.recipients`. Returns once the server accepted it (`250`
    /// after the data) for every recipient; a refusal of any recipient fails the whole delivery.
    ///
    /// - Throws: ``SMTPError``: `invalid_message` (an envelope address that is not a plain
    ///   `local@domain`, no recipient, a message that is empty, not CRLF throughout, has NUL or a
    ///   line over 998 bytes, or is over ``maximumMessageBytes``; nothing is sent),
    ///   `invalid_settings`, `blocked_address` (naming the IP), `dns_error`, `connect_error`,
    ///   `timeout`, `tls_error`, `login_denied`, `rejected` (with the reply code; permanent for 5xx),
    ///   `protocol_error` and `cancelled`.
    public func send(_ message: Data, envelope: SMTPEnvelope) async throws(SMTPError) {
        try Self.check(settings)
        try Self.check(envelope)
        try Self.check(message)
        let transfer = SMTPTransfer(
            settings: settings, policy: policy, from: envelope.from, recipients: envelope.recipients, message: message)
        guard await slots.acquire() else { throw SMTPError(.cancelled, "the delivery was cancelled") }
        defer { slots.release() }
        let control = TransferControl()
        let result = await withTaskCancellationHandler {
            await TransferThread.run { transfer.run(control: control) }
        } onCancel: {
            control.cancel()
        }
        try result.get()
    }

    /// Refuses settings that cannot work or would be unsafe.
    static func check(_ settings: SMTPSettings) throws(SMTPError) {
        let url: CurlURL
        do {
            url = try CurlURL(settings.url)
        } catch {
            throw SMTPError(.invalidSettings, "the SMTP URL cannot be read: \(error.message)")
        }
        guard url.scheme == "smtp" || url.scheme == "smtps" else {
            throw SMTPError(.invalidSettings, "the SMTP URL must start with smtp:// or smtps://")
        }
        guard !url.host.isEmpty else { throw SMTPError(.invalidSettings, "the SMTP URL has no host") }
        let authority = settings.url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        if authority.count > 2, authority[2].contains("@") {
            throw SMTPError(
                .invalidSettings, "the SMTP URL holds credentials; set the username and password settings instead")
        }
        if settings.username != nil || settings.password != nil, url.scheme == "smtp", !settings.requireTLS {
            throw SMTPError(
                .invalidSettings,
                "credentials are only sent over TLS: use smtps:// or require STARTTLS for smtp://")
        }
    }

    /// Refuses envelope addresses that could inject SMTP commands or be misread.
    static func check(_ envelope: SMTPEnvelope) throws(SMTPError) {
        guard envelope.from.isEmpty || SMTPEnvelope.isPlainAddress(envelope.from) else {
            throw SMTPError(.invalidMessage, "the envelope sender is not a plain address", isPermanent: true)
        }
        guard !envelope.recipients.isEmpty else {
            throw SMTPError(.invalidMessage, "the envelope has no recipient", isPermanent: true)
        }
        guard envelope.recipients.count <= maximumRecipients else {
            throw SMTPError(
                .invalidMessage, "the envelope has more than \(maximumRecipients) recipients", isPermanent: true)
        }
        for (index, recipient) in envelope.recipients.enumerated() where !SMTPEnvelope.isPlainAddress(recipient) {
            throw SMTPError(
                .invalidMessage, "envelope recipient \(index + 1) is not a plain address", isPermanent: true)
        }
    }

    /// Refuses a message that is not ready for the wire: bare CR or LF (which some servers take
    /// as line ends, the shape of SMTP smuggling), NUL, lines over 998 bytes, no header line first.
    static func check(_ message: Data) throws(SMTPError) {
        func invalid(_ reason: String) -> SMTPError {
            SMTPError(.invalidMessage, "the message \(reason)", isPermanent: true)
        }
        guard !message.isEmpty else { throw invalid("is empty") }
        guard message.count <= maximumMessageBytes else { throw invalid("is over \(maximumMessageBytes) bytes") }
        let problem: String? = message.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineLength = 0
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case 0x00:
                    return "contains NUL"
                case 0x0D:
                    guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else { return "has a CR without LF" }
                    lineLength = 0
                    index += 2
                    continue
                case 0x0A:
                    return "has an LF without CR"
                default:
                    lineLength += 1
                    if lineLength > 998 { return "has a line over 998 bytes" }
                }
                index += 1
            }
            let firstLine = bytes.prefix { $0 != 0x0D }
            guard let colon = firstLine.firstIndex(of: 0x3A), colon > 0,
                firstLine[..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else { return "does not start with a header field" }
            return nil
        }
        if let problem { throw invalid(problem) }
    }
}
