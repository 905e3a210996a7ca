import Foundation
import HarkCore

/// One value of a copied row, as both stores give and take it (`hark migrate`).
///
/// Each store maps its own representation onto these: SQLite's 0/1 integers become ``bool(_:)``,
/// its JSON text arrays ``strings(_:)`` and its JSON objects ``object(_:)``; PostgreSQL's
/// `boolean`, `text[]` and `jsonb` map onto the same cases. Rows rendered from either store thus
/// compare, and their checksums (``StoreChecksummer``) agree when the contents do.
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
    case bool(Bool)
    case strings([String])
    case object([String: String])
}

/// A row of a copied table: one value per column of its ``StoreCopyTable``, in that order.
public typealias StoreRow = [StoreValue]

/// A column of a copied table and the kind of value it holds.
public struct StoreCopyColumn: Sendable, Hashable {
    /// What a column holds, whatever each store calls it.
    public enum Kind: Sendable, Hashable {
        /// Whole numbers (times are milliseconds since 1970).
        case integer
        case real
        case text
        /// Bytes (raw input, payloads, dedup digests).
        case blob
        /// SQLite `INTEGER` 0/1, PostgreSQL `boolean`.
        case bool
        /// SQLite JSON text array, PostgreSQL `text[]`.
        case strings
        /// SQLite JSON object of strings, PostgreSQL `jsonb`.
        case object
    }

    public let name: String
    public let kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// A table `hark migrate` copies: its columns (generated columns are left out: each store computes
/// its own), its primary key (rows are read and compared in key order) and, where the store numbers
/// rows itself, the identity column whose values are kept.
///
/// Names come from this fixed description only, never from input, so the statements built from
/// them carry no outside text.
public struct StoreCopyTable: Sendable, Hashable {
    public let name: String
    public let columns: [StoreCopyColumn]
    /// The primary key's columns, in key order.
    public let key: [String]
    /// The column the target numbers by itself (an identity), whose copied values are kept because
    /// other tables refer to them; `nil` for tables keyed by their content.
    public let identity: String?

    public init(_ name: String, key: [String], identity: String? = nil, columns: [StoreCopyColumn]) {
        precondition(key.allSatisfy { name in columns.contains { $0.name == name } }, "key columns of \(name)")
        self.name = name
        self.columns = columns
        self.key = key
        self.identity = identity
    }

    /// The positions of the key's columns within a row.
    public var keyIndexes: [Int] {
        key.map { name in columns.firstIndex { $0.name == name }! }
    }

    /// The key of `row`.
    public func key(of row: StoreRow) -> [StoreValue] {
        keyIndexes.map { row[$0] }
    }

    /// The kind of each key column, in key order.
    public var keyKinds: [StoreCopyColumn.Kind] {
        keyIndexes.map { columns[$0].kind }
    }
}

/// Where the copy of one table stands in the target: after which key, and whether it is complete.
public struct StoreCopyMark: Sendable, Hashable {
    /// The key of the last row copied; `nil` before the first batch.
    public var lastKey: [StoreValue]?
    public var done: Bool

    public init(lastKey: [StoreValue]? = nil, done: Bool = false) {
        self.lastKey = lastKey
        self.done = done
    }
}

/// A batch of rows read from a source, in key order.
public struct StoreCopyBatch: Sendable {
    public var rows: [StoreRow]
    /// No rows follow the last one.
    public var exhausted: Bool

    public init(rows: [StoreRow], exhausted: Bool) {
        self.rows = rows
        self.exhausted = exhausted
    }
}

/// A store whose copied tables can be counted and checksummed (both ends of a copy).
public protocol StoreCopyReadable: Sendable {
    /// How many rows `table` holds.
    func copyCount(of table: StoreCopyTable) async throws -> Int
    /// The rows of `table` in key order, rendered through ``StoreChecksummer``.
    func copyChecksum(of table: StoreCopyTable) async throws -> StoreChecksum
}

/// A store `hark migrate` copies from.
public protocol StoreCopySource: StoreCopyReadable {
    /// Up to `limit` rows of `table` whose key comes after `key` (from the first when `nil`), in
    /// key order; fewer once the rows read pass `byteBudget` bytes (large raw inputs), at least one.
    func copyRows(of table: StoreCopyTable, after key: [StoreValue]?, limit: Int, byteBudget: Int) async throws
        -> StoreCopyBatch
    /// The highest value each identity column has handed out, by table name, counting rows since
    /// deleted, so that the target never hands out one of them again.
    func copyIdentities() async throws -> [String: Int64]
}

/// A store `hark migrate` copies into. Each batch is written with the progress it makes in one
/// transaction, so a copy killed at any point resumes exactly after the last committed batch.
public protocol StoreCopyTarget: StoreCopyReadable {
    /// Prepares a copy of `tables` and returns the progress saved by earlier runs, by table name.
    /// - Throws: ``HarkError`` `.conflict` when the target already holds data that no earlier
    ///   copy wrote (it is never mixed with a copy).
    func beginCopy(_ tables: [StoreCopyTable]) async throws -> [String: StoreCopyMark]
    /// Writes `rows` (rows already present are kept) and moves the table's mark from `from` to `to`,
    /// in one transaction.
    /// - Throws: ``HarkError`` `.conflict` when the saved mark is no longer `from` (another copy
    ///   into the same target is running).
    func writeCopy(_ rows: [StoreRow], into table: StoreCopyTable, from: StoreCopyMark, to: StoreCopyMark) async throws
    /// After every table is copied: the identity counters of `tables` set past `identities` (by
    /// table name) and past the rows copied. Safe to repeat.
    func finishCopy(_ tables: [StoreCopyTable], identities: [String: Int64]) async throws
}

extension StoreValue {
    /// The value as a saved progress key (`i:42`, `t:text`, `b:hex`).
    public var keyText: String? {
        switch self {
        case .integer(let value): "i:\(value)"
        case .text(let value): "t:" + value
        case .blob(let value): "b:" + value.hexString
        default: nil
        }
    }

    /// Reads a saved progress key written by ``keyText``.
    public init?(keyText: String) {
        let body = String(keyText.dropFirst(2))
        switch keyText.prefix(2) {
        case "i:":
            guard let value = Int64(body) else { return nil }
            self = .integer(value)
        case "t:":
            self = .text(body)
        case "b:":
            guard body.utf8.count % 2 == 0, body.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
            self = .blob(Data(hexDigits: body))
        default:
            return nil
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
    }
}
