import Foundation
import HarkCore

/// Copies a whole inbox from one store to another (`hark migrate`), table by table in batches, and
/// verifies the result.
///
/// Each batch is read from the source after the key the target saved with the previous batch, and
/// written with its new key in one transaction, so a copy stopped at any point (a crash, kill -9, a
/// lost connection) resumes after the last batch committed and ends with the same contents as an
/// uninterrupted one. The source should not change meanwhile (stop the daemon, or copy a backup);
/// ``verify()`` tells when it did.
public struct StoreCopier: Sendable {
    public var source: any StoreCopySource
    public var target: any StoreCopyTarget
    public var tables: [StoreCopyTable]
    /// Rows per batch (and per target transaction).
    public var batchSize: Int
    /// A batch ends early after this many bytes, so that large raw inputs do not make it huge.
    public var batchBytes: Int

    public init(
        source: any StoreCopySource, target: any StoreCopyTarget, tables: [StoreCopyTable] = StoreCopyTable.inbox,
        batchSize: Int = 2000, batchBytes: Int = 16 << 20
    ) {
        self.source = source
        self.target = target
        self.tables = tables
        self.batchSize = max(1, batchSize)
        self.batchBytes = max(1, batchBytes)
    }

    /// Copies what earlier runs did not, then sets the target's identity counters.
    /// - Parameter progress: called after every committed batch (and once per table already
    ///   complete); an error it throws stops the copy there, as an interruption would.
    /// - Returns: how the copy went.
    public func copy(progress: (StoreCopyProgress) throws -> Void = { _ in }) async throws -> StoreCopySummary {
        let marks = try await target.beginCopy(tables)
        var totals: [String: Int] = [:]
        var copied: [String: Int] = [:]
        for table in tables {
            totals[table.name] = try await source.copyCount(of: table)
            copied[table.name] = marks[table.name]?.lastKey == nil ? 0 : try await target.copyCount(of: table)
        }
        let total = totals.values.reduce(0, +)
        var summary = StoreCopySummary(resumed: marks.values.contains { $0.done || $0.lastKey != nil })
        for table in tables {
            var mark = marks[table.name] ?? StoreCopyMark()
            var report: StoreCopyProgress {
                StoreCopyProgress(
                    table: table.name, tableCopied: copied[table.name, default: 0],
                    tableTotal: totals[table.name, default: 0], copied: copied.values.reduce(0, +), total: total)
            }
            if mark.done {
                try progress(report)
                continue
            }
            while !mark.done {
                let batch = try await source.copyRows(
                    of: table, after: mark.lastKey, limit: batchSize, byteBudget: batchBytes)
                let next = StoreCopyMark(
                    lastKey: batch.rows.last.map(table.key(of:)) ?? mark.lastKey, done: batch.exhausted || batch.rows.isEmpty)
                try await target.writeCopy(batch.rows, into: table, from: mark, to: next)
                mark = next
                copied[table.name, default: 0] += batch.rows.count
                summary.rowsCopied += batch.rows.count
                summary.batches += 1
                try progress(report)
            }
        }
        try await target.finishCopy(tables, identities: try await source.copyIdentities())
        return summary
    }

    /// Counts and checksums every table on both sides (at once), in key order.
    /// - Parameter progress: called with each table's result as it is known.
    public func verify(progress: (StoreTableVerification) throws -> Void = { _ in }) async throws -> StoreCopyVerification {
        var result = StoreCopyVerification(tables: [])
        for table in tables {
            async let fromSource = source.copyChecksum(of: table)
            async let fromTarget = target.copyChecksum(of: table)
            let verification = StoreTableVerification(table: table.name, source: try await fromSource, target: try await fromTarget)
            try progress(verification)
            result.tables.append(verification)
        }
        return result
    }
}

/// Where a copy stands, after a batch.
public struct StoreCopyProgress: Sendable, Hashable {
    /// The table being copied.
    public var table: String
    public var tableCopied: Int
    public var tableTotal: Int
    /// Rows copied over all tables, earlier runs included.
    public var copied: Int
    /// Rows in the source over all tables.
    public var total: Int

    public init(table: String, tableCopied: Int, tableTotal: Int, copied: Int, total: Int) {
        self.table = table
        self.tableCopied = tableCopied
        self.tableTotal = tableTotal
        self.copied = copied
        self.total = total
    }
}

/// What one run of a copy did.
public struct StoreCopySummary: Sendable, Hashable {
    /// An earlier run had copied part of the inbox.
    public var resumed: Bool
    public var rowsCopied = 0
    public var batches = 0

    public init(resumed: Bool) {
        self.resumed = resumed
    }
}

/// One table compared on both sides of a copy.
public struct StoreTableVerification: Sendable, Hashable {
    public var table: String
    public var source: StoreChecksum
    public var target: StoreChecksum

    public init(table: String, source: StoreChecksum, target: StoreChecksum) {
        self.table = table
        self.source = source
        self.target = target
    }

    /// Same number of rows, same checksum.
    public var matches: Bool { source == target }
}

/// Every table compared on both sides of a copy.
public struct StoreCopyVerification: Sendable, Hashable {
    public var tables: [StoreTableVerification]

    public init(tables: [StoreTableVerification]) {
        self.tables = tables
    }

    /// Every table has the same rows on both sides.
    public var matches: Bool { tables.allSatisfy(\.matches) }
}
