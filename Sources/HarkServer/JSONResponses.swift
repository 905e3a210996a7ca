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
}
