import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON bodies and error answers of Hark's HTTP side.
enum JSONResponses {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct ErrorBody: Encodable {
        var error: String
        var message: String
    }

    /// An error answer: `{"error": code, "message": text}`. Messages never echo input.
    static func error(
        _ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil
    ) -> Response {
        var headers = HTTPFields()
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return json(status, ErrorBody(error: code, message: message), headers: headers)
    }

    /// The `202` of the webhook route: `{"duplicate": ..., "id": ...}` and, when set, `quarantined`
    /// and `ignored`. Written directly (the hot path): every value is an id of Hark's own alphabet
    /// (hex digits, `-`, `q`), never input, so nothing needs escaping.
    static func accepted(id: String?, duplicate: Bool, quarantined: String? = nil, ignored: Bool = false) -> Response {
        var json = "{\"duplicate\":\(duplicate),\"id\":"
        json += id.map { "\"\($0)\"" } ?? "null"
        if let quarantined { json += ",\"quarantined\":\"\(quarantined)\"" }
        if ignored { json += ",\"ignored\":true" }
        json += "}"
        return Response(
            status: .accepted, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
