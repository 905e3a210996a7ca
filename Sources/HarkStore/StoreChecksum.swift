import Crypto
import Foundation
import HarkCore

/// The checksum of a table's contents: how many rows, and SHA-256 over every row in key order.
public struct StoreChecksum: Sendable, Hashable {
    public var rows: Int
    /// Lower-case hex SHA-256.
    public var digest: String

    public init(rows: Int, digest: String) {
        self.rows = rows
        self.digest = digest
    }
}

/// Hashes rows as a canonical rendering of their ``StoreValue``s, so that the same contents give
/// the same checksum whichever store they were read from.
///
/// Each value is a type tag followed by a fixed-width or length-prefixed payload, so no two
/// different rows render alike (`("ab", "c")` is not `("a", "bc")`); an object's keys are sorted.
public struct StoreChecksummer {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    public private(set) var rows = 0

    public init() {}

    /// Adds the next row (rows must come in key order).
    public mutating func add(_ row: StoreRow) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(0xFF)
        append(UInt64(row.count))
        for value in row { render(value) }
        hasher.update(data: buffer)
        rows += 1
    }

    /// The checksum of the rows added.
    public func finish() -> StoreChecksum {
        StoreChecksum(rows: rows, digest: hasher.finalize().hexString)
    }

    private mutating func render(_ value: StoreValue) {
        switch value {
        case .null:
            buffer.append(0)
        case .integer(let number):
            buffer.append(1)
            append(UInt64(bitPattern: number))
        case .real(let number):
            buffer.append(2)
            append(number.bitPattern)
        case .text(let text):
            buffer.append(3)
            append(bytes: text.utf8)
        case .blob(let data):
            buffer.append(4)
            append(bytes: data)
        case .bool(let flag):
            buffer.append(5)
            buffer.append(flag ? 1 : 0)
        case .strings(let list):
            buffer.append(6)
            append(UInt64(list.count))
            for item in list { append(bytes: item.utf8) }
        case .object(let object):
            buffer.append(7)
            append(UInt64(object.count))
            for key in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                append(bytes: key.utf8)
                append(bytes: object[key]!.utf8)
            }
        }
    }

    private mutating func append(_ number: UInt64) {
        withUnsafeBytes(of: number.bigEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func append(bytes: some Collection<UInt8>) {
        append(UInt64(bytes.count))
        buffer.append(contentsOf: bytes)
    }
}
