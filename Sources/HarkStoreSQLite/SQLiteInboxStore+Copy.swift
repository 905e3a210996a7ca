import Foundation
import GRDB
import HarkCore
import HarkStore

/// The SQLite store as the source of `hark migrate`: read-only statements, keyset-paginated by
/// primary key, values mapped onto ``StoreValue`` (0/1 to booleans, JSON text to lists and objects).
extension SQLiteInboxStore: StoreCopySource {
    /// Opens the store file at `path` read-only as the source of a copy, after checking that it is
    /// a Hark store at this version's schema (a store opened read-only is not migrated, and a file
    /// that is not a Hark store is never written to).
    /// - Throws: ``HarkError`` `.invalidInput` saying what the file is instead.
    public static func openCopySource(path: String) async throws -> SQLiteInboxStore {
        let store: SQLiteInboxStore
        do {
            store = try SQLiteInboxStore(.init(path: path, readonly: true))
        } catch let error as HarkError {
            throw notAStore(path, error)
        }
        do {
            try await store.checkCopySource()
        } catch {
            try? store.close()
            throw error
        }
        return store
    }

    private func checkCopySource() async throws {
        let path = configuration.path
        let state: (applied: Set<String>, hasMentions: Bool)
        do {
            state = try await pool.read { db in
                (try SQLiteMigrations.migrator.appliedIdentifiers(db), try db.tableExists("mentions"))
            }
        } catch {
            throw Self.notAStore(path, error)
        }
        let known = SQLiteMigrations.migrator.migrations
        guard state.hasMentions, state.applied.contains(known[0]) else {
            throw HarkError(.invalidInput, "\(path) is a SQLite database but not a Hark store")
        }
        guard state.applied.isSubset(of: known) else {
            throw HarkError(.invalidInput, "\(path) was written by a newer version of hark: migrate with that version")
        }
        if let missing = known.first(where: { !state.applied.contains($0) }) {
            throw HarkError(
                .invalidInput,
                "\(path) is a Hark store of an older version (without \(missing)): run this version's hark serve on it once, then migrate"
            )
        }
    }

    /// An open or a first read that failed: a file that is not SQLite is said to be so.
    private static func notAStore(_ path: String, _ error: any Error) -> HarkError {
        var cause: any Error = error
        if let error = error as? HarkError, let underlying = error.cause { cause = underlying }
        if let database = cause as? DatabaseError, database.resultCode == .SQLITE_NOTADB {
            return HarkError(.invalidInput, "\(path) is not a SQLite database, so not a Hark store", cause: database)
        }
        return HarkError(.invalidInput, "cannot read \(path) as a SQLite store: check the path and permissions", cause: error)
    }

    public func copyCount(of table: StoreCopyTable) async throws -> Int {
        try await readCopy("count \(table.name)") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0
        }
    }

    public func copyRows(
        of table: StoreCopyTable, after key: [StoreValue]?, limit: Int, byteBudget: Int
    ) async throws -> StoreCopyBatch {
        try await readCopy("read \(table.name)") { db in
            var sql = "SELECT \(Self.columnList(table)) FROM \(table.name)"
            var arguments = StatementArguments()
            if let key {
                guard key.count == table.key.count else {
                    throw HarkError(.invalidInput, "the saved progress of \(table.name) does not fit its key")
                }
                sql += " WHERE (\(table.key.joined(separator: ", "))) > (\(table.key.map { _ in "?" }.joined(separator: ", ")))"
                for value in key { arguments += [try Self.databaseValue(value, table: table)] }
            }
            sql += " ORDER BY \(table.key.joined(separator: ", ")) LIMIT ?"
            arguments += [limit]
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var rows: [StoreRow] = []
            var bytes = 0
            while let row = try cursor.next() {
                let values = try Self.values(of: row, table: table)
                rows.append(values)
                bytes += values.reduce(0) { $0 + $1.approximateSize }
                if bytes >= byteBudget, rows.count < limit {
                    return StoreCopyBatch(rows: rows, exhausted: false)
                }
            }
            return StoreCopyBatch(rows: rows, exhausted: rows.count < limit)
        }
    }

    public func copyChecksum(of table: StoreCopyTable) async throws -> StoreChecksum {
        try await readCopy("checksum \(table.name)") { db in
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT \(Self.columnList(table)) FROM \(table.name) ORDER BY \(table.key.joined(separator: ", "))")
            var checksum = StoreChecksummer()
            while let row = try cursor.next() { checksum.add(try Self.values(of: row, table: table)) }
            return checksum.finish()
        }
    }

    /// `sqlite_sequence` (the AUTOINCREMENT tables: the audit log, source events) and the highest
    /// mention `seq` (SQLite reuses a deleted top `seq`, so the highest one present is the floor).
    public func copyIdentities() async throws -> [String: Int64] {
        try await readCopy("read the identities") { db in
            var identities: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence") {
                identities[row["name"]] = row["seq"]
            }
            identities["mentions"] = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM mentions")
            return identities
        }
    }

    // MARK: Mapping

    private func readCopy<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.classify(error, doing: what)
        }
    }

    private static func columnList(_ table: StoreCopyTable) -> String {
        table.columns.map(\.name).joined(separator: ", ")
    }

    private static func databaseValue(_ value: StoreValue, table: StoreCopyTable) throws -> DatabaseValue {
        switch value {
        case .integer(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        case .blob(let data): return data.databaseValue
        default: throw HarkError(.invalidInput, "the saved progress of \(table.name) does not fit its key")
        }
    }

    /// A row's values by its columns' kinds. A value of another type than its column's (which
    /// SQLite allows) is an error naming the table and column, never the value.
    static func values(of row: Row, table: StoreCopyTable) throws -> StoreRow {
        var values: StoreRow = []
        values.reserveCapacity(table.columns.count)
        for (index, column) in table.columns.enumerated() {
            let value: DatabaseValue = row[index]
            let converted: StoreValue? =
                switch (column.kind, value.storage) {
                case (_, .null): .null
                case (.integer, .int64(let number)): .integer(number)
                case (.real, .double(let number)): .real(number)
                case (.real, .int64(let number)): .real(Double(number))
                case (.text, .string(let text)): .text(text)
                case (.blob, .blob(let data)): .blob(data)
                case (.blob, .string(let text)): .blob(Data(text.utf8))
                case (.bool, .int64(let number)): .bool(number != 0)
                case (.strings, .string(let text)):
                    (try? JSONDecoder().decode([String].self, from: Data(text.utf8))).map(StoreValue.strings)
                case (.object, .string(let text)):
                    (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))).map(StoreValue.object)
                default: nil
                }
            guard let converted else {
                throw HarkError(
                    .storage, "\(table.name).\(column.name) holds a value that is not \(column.kind) in a row of the SQLite store")
            }
            values.append(converted)
        }
        return values
    }
}

extension StoreValue {
    /// About how many bytes the value takes, to bound a batch.
    var approximateSize: Int {
        switch self {
        case .null, .bool: 1
        case .integer, .real: 8
        case .text(let text): text.utf8.count
        case .blob(let data): data.count
        case .strings(let list): list.reduce(0) { $0 + $1.utf8.count + 4 }
        case .object(let object): object.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 8 }
        }
    }
}
