import Foundation

/// The header layouts of the individual schemes.
extension WebhookVerifier {
    /// GitHub, Discourse and `hmac-sha256`: one header holding `prefix` and the code of the body.
    func verifyPrefixed(
        _ headers: WebhookHeaders,
        header: String,
        prefix: String,
        encoding: HMACHeaderOptions.Encoding,
        body: some DataProtocol
    ) -> WebhookVerification {
        let value: String
        switch HeaderLookup(headers, header, maximumBytes: Self.maximumHeaderBytes) {
        case .absent: return .missingSignature
        case .malformed(let reason): return .malformed(reason)
        case .value(let found): value = found
        }
        guard value.hasPrefix(prefix) else {
            return .malformed("\(header) does not start with '\(prefix)'")
        }
        let encoded = value.dropFirst(prefix.count)
        let signature: [UInt8]
        switch decodeMAC(encoded, encoding: encoding, header: header) {
        case .failure(let problem): return .malformed(problem.reason)
        case .success(let bytes): signature = bytes
        }
        return anyKeySigned([signature], prefix: [], body: body)
            ? .verified : .invalid("\(header) does not match the body under any configured secret")
    }

    /// Slack: `X-Slack-Signature: v0=<hex>` over `v0:<timestamp>:<body>`.
    func verifySlack(_ headers: WebhookHeaders, body: some DataProtocol, now: Date) -> WebhookVerification {
        let header = "X-Slack-Signature"
        let value: String
        switch HeaderLookup(headers, header, maximumBytes: Self.maximumHeaderBytes) {
        case .absent: return .missingSignature
        case .malformed(let reason): return .malformed(reason)
        case .value(let found): value = found
        }
        guard value.hasPrefix("v0=") else { return .malformed("\(header) does not start with 'v0='") }
        let signature: [UInt8]
        switch decodeMAC(value.dropFirst(3), encoding: .hex, header: header) {
        case .failure(let problem): return .malformed(problem.reason)
        case .success(let bytes): signature = bytes
        }
        let timestampText: String
        let timestamp: Int64
        switch readTimestamp(headers, header: "X-Slack-Request-Timestamp") {
        case .failure(let problem): return .malformed(problem.reason)
        case .success(let found): (timestampText, timestamp) = found
        }
        if let expired = expiry(of: timestamp, now: now) { return expired }
        return anyKeySigned([signature], prefix: Array("v0:\(timestampText):".utf8), body: body)
            ? .verified : .invalid("\(header) does not match the body under any configured secret")
    }

    /// Stripe: `Stripe-Signature: t=<timestamp>,v1=<hex>[,v1=<hex>...]` over `<timestamp>.<body>`.
    ///
    /// Unknown keys (such as the test-mode `v0`) are ignored; `t` must occur exactly once and at least
    /// one `v1` must be present.
    func verifyStripe(_ headers: WebhookHeaders, body: some DataProtocol, now: Date) -> WebhookVerification {
        let header = "Stripe-Signature"
        let value: String
        switch HeaderLookup(headers, header, maximumBytes: Self.maximumHeaderBytes) {
        case .absent: return .missingSignature
        case .malformed(let reason): return .malformed(reason)
        case .value(let found): value = found
        }
        var timestampText: Substring?
        var signatures = [[UInt8]]()
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else {
                return .malformed("\(header) has an item without '='")
            }
            let key = pair[..<equals]
            let itemValue = pair[pair.index(after: equals)...]
            switch key {
            case "t":
                guard timestampText == nil else { return .malformed("\(header) has more than one 't'") }
                timestampText = Substring(itemValue)
            case "v1":
                switch decodeMAC(Substring(itemValue), encoding: .hex, header: "\(header) v1") {
                case .failure(let problem): return .malformed(problem.reason)
                case .success(let bytes): signatures.append(bytes)
                }
            default:
                continue
            }
        }
        guard let timestampText else { return .malformed("\(header) has no 't' timestamp") }
        guard let timestamp = SignatureEncoding.parseTimestamp(String(timestampText)) else {
            return .malformed("\(header) 't' is not a whole number of seconds")
        }
        guard !signatures.isEmpty else { return .malformed("\(header) has no 'v1' signature") }
        if let expired = expiry(of: timestamp, now: now) { return expired }
        return anyKeySigned(signatures, prefix: Array("\(timestampText).".utf8), body: body)
            ? .verified : .invalid("no \(header) v1 signature matches the body under any configured secret")
    }

    /// Standard Webhooks: `webhook-signature: v1,<base64> [v1,<base64> ...]` over
    /// `<webhook-id>.<webhook-timestamp>.<body>`.
    ///
    /// Entries of other versions (such as the asymmetric `v1a`) are skipped; at least one `v1` must be
    /// present. A `webhook-id` containing `.` is refused because it would make the signed content
    /// ambiguous.
    func verifyStandardWebhooks(_ headers: WebhookHeaders, body: some DataProtocol, now: Date) -> WebhookVerification {
        let header = "webhook-signature"
        let value: String
        switch HeaderLookup(headers, header, maximumBytes: Self.maximumHeaderBytes) {
        case .absent: return .missingSignature
        case .malformed(let reason): return .malformed(reason)
        case .value(let found): value = found
        }
        var signatures = [[UInt8]]()
        for entry in value.split(separator: " ") {
            guard let comma = entry.firstIndex(of: ",") else {
                return .malformed("\(header) has an entry without a version")
            }
            guard entry[..<comma] == "v1" else { continue }
            switch decodeMAC(entry[entry.index(after: comma)...], encoding: .base64, header: "\(header) v1") {
            case .failure(let problem): return .malformed(problem.reason)
            case .success(let bytes): signatures.append(bytes)
            }
        }
        guard !signatures.isEmpty else { return .malformed("\(header) has no 'v1' signature") }

        let id: String
        switch HeaderLookup(headers, "webhook-id", maximumBytes: Self.maximumHeaderBytes) {
        case .absent: return .malformed("webhook-id is missing")
        case .malformed(let reason): return .malformed(reason)
        case .value(let found): id = found
        }
        if let problem = deliveryIDProblem(id, header: "webhook-id", maximumBytes: Self.maximumDeliveryIDBytes) {
            return .malformed(problem)
        }
        guard !id.contains(".") else { return .malformed("webhook-id contains '.'") }

        let timestampText: String
        let timestamp: Int64
        switch readTimestamp(headers, header: "webhook-timestamp") {
        case .failure(let problem): return .malformed(problem.reason)
        case .success(let found): (timestampText, timestamp) = found
        }
        if let expired = expiry(of: timestamp, now: now) { return expired }
        return anyKeySigned(signatures, prefix: Array("\(id).\(timestampText).".utf8), body: body)
            ? .verified : .invalid("no \(header) v1 signature matches the body under any configured secret")
    }

    /// Decodes one authentication code and checks that it is 32 bytes long.
    private func decodeMAC(
        _ encoded: Substring,
        encoding: HMACHeaderOptions.Encoding,
        header: String
    ) -> Result<[UInt8], MalformedWebhookHeader> {
        guard !encoded.isEmpty else { return .failure(MalformedWebhookHeader("\(header) has no signature value")) }
        let decoded: [UInt8]?
        switch encoding {
        case .hex: decoded = SignatureEncoding.decodeHex(encoded)
        case .base64: decoded = SignatureEncoding.decodeBase64(encoded)
        }
        guard let decoded else {
            return .failure(MalformedWebhookHeader("\(header) is not valid \(encoding.rawValue)"))
        }
        guard decoded.count == SignatureEncoding.macLength else {
            return .failure(MalformedWebhookHeader("\(header) is not a 32-byte HMAC-SHA256 code"))
        }
        return .success(decoded)
    }

    /// Reads a timestamp header: present once, whole seconds.
    private func readTimestamp(
        _ headers: WebhookHeaders,
        header: String
    ) -> Result<(String, Int64), MalformedWebhookHeader> {
        switch HeaderLookup(headers, header, maximumBytes: Self.maximumHeaderBytes) {
        case .absent:
            return .failure(MalformedWebhookHeader("\(header) is missing"))
        case .malformed(let reason):
            return .failure(MalformedWebhookHeader(reason))
        case .value(let text):
            guard let timestamp = SignatureEncoding.parseTimestamp(text) else {
                return .failure(MalformedWebhookHeader("\(header) is not a whole number of seconds"))
            }
            return .success((text, timestamp))
        }
    }
}
