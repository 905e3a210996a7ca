/// A map from word hashes (already well mixed by FNV-1a) to values: open addressing with linear
/// probing, no re-hashing of the key, each key stored beside its value so a look-up touches one
/// cache line. Built once, read on every word of every mention.
///
/// Most words of a text are in no table, and a large table's slots are mostly out of the cache, so
/// a bit per possible key (a one-hash Bloom filter, about 16 bits per key, small enough to stay
/// cached) answers most misses without touching the slots.
struct WordTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var key: UInt64
        var value: Value?
    }

    private var entries: [Entry]
    private var mask: Int
    private var filter: [UInt64]
    private var filterMask: Int

    init(_ values: [UInt64: Value]) {
        var capacity = 16
        while capacity < values.count * 2 { capacity <<= 1 }
        entries = [Entry](repeating: Entry(key: 0, value: nil), count: capacity)
        mask = capacity - 1
        let filterBits = max(512, capacity * 8)
        filter = [UInt64](repeating: 0, count: filterBits / 64)
        filterMask = filterBits - 1
        for (key, value) in values {
            var slot = Self.slot(key) & mask
            while entries[slot].value != nil { slot = (slot + 1) & mask }
            entries[slot] = Entry(key: key, value: value)
            let bit = Self.bit(key) & filterMask
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key ^ (key >> 29)) }

    /// Other bits of the key than the slot's low ones.
    @inline(__always)
    private static func bit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 37) }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        let bit = Self.bit(key) & filterMask
        let maybe = filter.withUnsafeBufferPointer { $0[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }
        guard maybe else { return nil }
        return entries.withUnsafeBufferPointer { table in
            var slot = Self.slot(key) & mask
            while true {
                if table[slot].value == nil { return nil }
                if table[slot].key == key { return table[slot].value }
                slot = (slot + 1) & mask
            }
        }
    }
}
