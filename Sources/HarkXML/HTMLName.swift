/// An element or attribute name of up to 16 bytes packed into two words, ASCII-lowercased, so that the
/// walkers look names up straight from libxml2's C strings without making a String per node.
struct HTMLName: Hashable, Sendable {
    /// Bytes 0-7 and 8-15 of the lowercased name, little-endian, zero-filled.
    let low: UInt64
    let high: UInt64

    /// The packed form of a C name; `nil` for a longer name (no name we know is longer).
    init?(_ name: UnsafePointer<UInt8>) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var index = 0
        while true {
            var byte = name[index]
            if byte == 0 { break }
            guard index < 16 else { return nil }
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if index < 8 {
                low |= UInt64(byte) << (8 * UInt64(index))
            } else {
                high |= UInt64(byte) << (8 * UInt64(index - 8))
            }
            index += 1
        }
        self.low = low
        self.high = high
    }

    /// The packed form of a name from the tables (lowercase ASCII, at most 16 bytes).
    init(_ name: String) {
        var bytes = Array(name.utf8)
        precondition(bytes.count <= 16, "HTML table names are at most 16 bytes")
        bytes.append(0)
        self = bytes.withUnsafeBufferPointer { HTMLName($0.baseAddress!)! }
    }

    /// The packed form of `count` bytes of ASCII letters, digits and name punctuation at `start`
    /// (lowercased); `nil` for more than 16.
    @inline(__always)
    init?(bytes start: UnsafePointer<UInt8>, count: Int) {
        guard count <= 16 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in 0..<count {
            var byte = start[index]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if index < 8 {
                low |= UInt64(byte) << (8 * UInt64(index))
            } else {
                high |= UInt64(byte) << (8 * UInt64(index - 8))
            }
        }
        self.low = low
        self.high = high
    }

    /// A cheap hash for the fast parser's open-addressed tables.
    @inline(__always)
    var mixed: UInt64 { (low ^ (high &* 0x2545_F491_4F6C_DD1D)) &* 0x9E37_79B9_7F4A_7C15 }
}
