import Foundation
import HarkCore
import HarkStore
import PostgresNIO

/// The PostgreSQL store as the target of `hark migrate`.
///
/// Progress lives in `hark_copy_progress` (made by the first run, not a store migration: a store
/// that was never a copy's target has none): one row per table with the key of the last row
/// copied, updated in the transaction of each batch. A batch's rows already present are kept
/// (`ON CONFLICT DO NOTHING`), identity values are kept (`OVERRIDING SYSTEM VALUE`), and the
/// recurrence queue's rows that the insert trigger adds for copied mentions are removed in the
/// same transaction: the queue is copied as the source has it.
extension PostgresInboxStore: StoreCopyTarget {
    public func beginCopy(_ tables: [StoreCopyTable]) async throws -> [String: StoreCopyMark] {
        try await transaction("prepare the copy") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7361627) AS locked", logger: logger)
            let present = try await connection.query(
                "SELECT to_regclass('hark_copy_progress') IS NOT NULL AS present", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
            if !present {
                for table in tables {
                    let held = try await connection.query(
                        PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(table.name)) AS held"), logger: logger
                    ).collect().first?.decode(Bool.self) ?? false
                    if held {
                        throw HarkError(
                            .conflict,
                            "refusing to copy into \(configuration.displayName): it already holds data (in \(table.name)) that no earlier hark migrate wrote; copy into an empty database"
                        )
                    }
                }
                try await connection.query(
                    """
                    CREATE TABLE hark_copy_progress (
                        table_name text PRIMARY KEY, last_key text[], done boolean NOT NULL DEFAULT false)
                    """, logger: logger)
            }
            let names = tables.map(\.name)
            try await connection.query(
                """
                INSERT INTO hark_copy_progress (table_name) SELECT unnest(\(names)::text[]) ON CONFLICT DO NOTHING
                """, logger: logger)
            var marks: [String: StoreCopyMark] = [:]
            let rows = try await connection.query(
                "SELECT table_name, last_key, done FROM hark_copy_progress", logger: logger)
            for try await (name, key, done) in rows.decode((String, [String]?, Bool).self) {
                guard let table = tables.first(where: { $0.name == name }) else { continue }
                marks[name] = StoreCopyMark(lastKey: try key.map { try Self.key($0, of: table) }, done: done)
            }
            return marks
        }
    }

    public func writeCopy(
        _ rows: [StoreRow], into table: StoreCopyTable, from: StoreCopyMark, to: StoreCopyMark
    ) async throws {
        let before = from.lastKey.map { $0.compactMap(\.keyText) }
        let after = to.lastKey.map { $0.compactMap(\.keyText) }
        try await transaction("copy \(table.name)") { connection in
            let moved = try await connection.query(
                """
                UPDATE hark_copy_progress SET last_key = \(after), done = \(to.done)
                WHERE table_name = \(table.name) AND NOT done AND last_key IS NOT DISTINCT FROM \(before)::text[]
                RETURNING table_name
                """, logger: logger
            ).collect()
            guard !moved.isEmpty else {
                throw HarkError(
                    .conflict,
                    "the saved progress of \(table.name) changed meanwhile: is another hark migrate copying into \(configuration.displayName)?"
                )
            }
            let inserted = try await Self.insert(rows, into: table, on: connection, logger: logger)
            if table.name == StoreCopyTable.mentions.name, !inserted.isEmpty {
                try await connection.query(
                    "DELETE FROM recurrence_pending WHERE mention_seq = ANY(\(inserted))", logger: logger)
            }
        }
    }

    public func finishCopy(_ tables: [StoreCopyTable], identities: [String: Int64]) async throws {
        for table in tables {
            guard let column = table.identity else { continue }
            // The counter goes past the source's, past the rows present and never back.
            let sequence = "pg_get_serial_sequence('\(table.name)', '\(column)')"
            let query = PostgresQuery(
                unsafeSQL: """
                    SELECT setval(\(sequence), v) AS value FROM (
                        SELECT GREATEST($1::bigint, (SELECT max(\(column)) FROM \(table.name)),
                            pg_sequence_last_value(\(sequence)::regclass)) AS v
                    ) AS highest WHERE v > 0
                    """, binds: Self.binds(identities[table.name] ?? 0))
            _ = try await rows("set the identity of \(table.name)", query)
        }
    }

    public func copyCount(of table: StoreCopyTable) async throws -> Int {
        let found = try await rows("count \(table.name)", PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(table.name)"))
        return Int(try found.first?.value("n", as: Int64.self) ?? 0)
    }

    /// Streams the table in key order; text keys in byte order (`COLLATE "C"`), as SQLite orders them.
    public func copyChecksum(of table: StoreCopyTable) async throws -> StoreChecksum {
        let columns = table.columns.map { column in
            switch column.kind {
            case .integer: "\(column.name)::bigint"
            case .object: "\(column.name)::text"
            default: column.name
            }
        }
        let order = table.keyIndexes.map { index in
            let column = table.columns[index]
            return column.kind == .text ? "\(column.name) COLLATE \"C\"" : column.name
        }
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(order.joined(separator: ", "))")
        do {
            var checksum = StoreChecksummer()
            for try await row in try await client.query(query, logger: logger) {
                checksum.add(try Self.values(of: row, table: table))
            }
            return checksum.finish()
        } catch {
            throw Self.classify(error, doing: "checksum \(table.name)")
        }
    }

    // MARK: Rows

    /// Inserts `rows` as multi-row statements within the bind limit; returns the `seq` of the
    /// mentions inserted (none for other tables).
    private static func insert(
        _ rows: [StoreRow], into table: StoreCopyTable, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Int64] {
        let isMentions = table.name == StoreCopyTable.mentions.name
        let perStatement = max(1, min(1000, 60_000 / table.columns.count))
        var inserted: [Int64] = []
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(rows.endIndex, start + perStatement)
            var statement = PostgresStatement(
                "INSERT INTO \(table.name) (\(table.columns.map(\.name).joined(separator: ", ")))"
                    + (table.identity == nil ? "" : " OVERRIDING SYSTEM VALUE") + " VALUES ")
            for (offset, row) in rows[start..<end].enumerated() {
                let placeholders = zip(table.columns, row).map { column, value in bind(value, column, into: &statement) }
                statement.append((offset == 0 ? "(" : ", (") + placeholders.joined(separator: ", ") + ")")
            }
            statement.append(" ON CONFLICT DO NOTHING" + (isMentions ? " RETURNING seq" : ""))
            let result = try await connection.query(statement.query, logger: logger)
            if isMentions {
                for try await seq in result.decode(Int64.self) { inserted.append(seq) }
            }
            start = end
        }
        return inserted
    }

    private static func bind(_ value: StoreValue, _ column: StoreCopyColumn, into statement: inout PostgresStatement) -> String {
        switch value {
        case .null: statement.bind(String?.none)
        case .integer(let number): statement.bind(number)
        case .real(let number): statement.bind(number)
        case .text(let text): statement.bind(text)
        case .blob(let data): statement.bind(data)
        case .bool(let flag): statement.bind(flag)
        case .strings(let list): statement.bind(list)
        case .object(let object): "\(statement.bind(PostgresJSON.encode(object)))::jsonb"
        }
    }

    /// A row read back, by its columns' kinds (integers as `bigint`, objects as JSON text).
    private static func values(of row: PostgresRow, table: StoreCopyTable) throws -> StoreRow {
        var values: StoreRow = []
        values.reserveCapacity(table.columns.count)
        for (cell, column) in zip(row, table.columns) {
            let value: StoreValue? =
                switch column.kind {
                case .integer: try cell.decode(Int64?.self).map(StoreValue.integer)
                case .real: try cell.decode(Double?.self).map(StoreValue.real)
                case .text: try cell.decode(String?.self).map(StoreValue.text)
                case .blob: try cell.decode(Data?.self).map(StoreValue.blob)
                case .bool: try cell.decode(Bool?.self).map(StoreValue.bool)
                case .strings: try cell.decode([String]?.self).map(StoreValue.strings)
                case .object:
                    try cell.decode(String?.self).map { text in
                        guard let object = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
                            throw HarkError(.storage, "\(table.name).\(column.name) holds JSON that is not an object of strings")
                        }
                        return StoreValue.object(object)
                    }
                }
            values.append(value ?? .null)
        }
        return values
    }

    /// A saved progress key, checked against the table's key.
    private static func key(_ texts: [String], of table: StoreCopyTable) throws -> [StoreValue] {
        let values = texts.compactMap(StoreValue.init(keyText:))
        guard values.count == table.key.count, texts.count == values.count else {
            throw HarkError(.storage, "the saved progress of \(table.name) is not a key of it: drop hark_copy_progress and the copied rows")
        }
        return values
    }

    private static func binds(_ value: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }
}
