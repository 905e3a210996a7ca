import Foundation
import HarkCore
import HarkStore
import PostgresNIO

/// Reading columns by name, with the project's representations: times as milliseconds, dedup
/// digests as 32-byte `bytea`.
extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T
    where T._DecodableType == T {
        try self[column].decode(T.self)
    }

    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T?
    where T._DecodableType == T {
        try self[column].decode(T?.self)
    }

    func text(_ column: String) throws -> String { try value(column) }
    func optionalText(_ column: String) throws -> String? { try optional(column) }
    func int(_ column: String) throws -> Int { try value(column) }
    func date(_ column: String) throws -> Date { PostgresDates.date(try value(column, as: Int64.self)) }
    func optionalDate(_ column: String) throws -> Date? { try optional(column, as: Int64.self).map(PostgresDates.date) }
    func strings(_ column: String) throws -> [String] { try optional(column, as: [String].self) ?? [] }
    func bytes(_ column: String) throws -> Data { try optional(column, as: Data.self) ?? Data() }
}

enum PostgresDates {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}

/// `[String: String]` maps (quarantine metadata, source event details) as `jsonb` text.
enum PostgresJSON {
    static func encode(_ value: [String: String]) -> String {
        guard !value.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text, let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            return [:]
        }
        return decoded
    }
}

/// A statement built from parts, with its bind values numbered as they are added.
struct PostgresStatement {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()

    init(_ sql: String = "") {
        self.sql = sql
    }

    /// Appends SQL text (never values: those go through ``bind(_:)``).
    mutating func append(_ text: String) {
        sql += text
    }

    /// Adds a bind value and returns its placeholder (`$n`).
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds an optional bind value (NULL when `nil`) and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds bytes (`bytea`) and returns the placeholder.
    mutating func bind(_ data: Data) -> String {
        bind(ByteBuffer(bytes: data))
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }

    /// How many more values fit (PostgreSQL takes at most 65,535 per statement).
    var room: Int { Int(UInt16.max) - binds.count }
}
