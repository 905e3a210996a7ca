/// A map from word hashes (already well mixed by FNV-1a) to values: open addressing with linear
/// probing, no re-hashing of the key, each key stored beside its value so a look-up touches one
/// cache line. Built once, read on every word of every mention.
struct WordTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var key: UInt64
        var value: Value?
    }

    private var entries: [Entry]
    private var mask: Int

    init(_ values: [UInt64: Value]) {
        var capacity = 16
        while capacity < values.count * 2 { capacity <<= 1 }
        entries = [Entry](repeating: Entry(key: 0, value: nil), count: capacity)
        mask = capacity - 1
        for (key, value) in values {
            var slot = Self.slot(key) & mask
            while entries[slot].value != nil { slot = (slot + 1) & mask }
            entries[slot] = Entry(key: key, value: value)
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key ^ (key >> 29)) }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        entries.withUnsafeBufferPointer { table in
            var slot = Self.slot(key) & mask
            while true {
                if table[slot].value == nil { return nil }
                if table[slot].key == key { return table[slot].value }
                slot = (slot + 1) & mask
            }
        }
    }
}
