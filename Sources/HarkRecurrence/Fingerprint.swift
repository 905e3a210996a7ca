/// A MinHash signature of a mention's ``TextFeatures``: 64 minima of independent hashes of its
/// features. The share of equal positions in two signatures estimates the Jaccard similarity of
/// their feature sets (standard error about 0.06 at 64 hashes).
///
/// For the index (locality-sensitive hashing) the signature is cut into 16 bands of 4: two
/// mentions whose signatures agree on all of one band share that band's key, so near-duplicates
/// meet on at least one key with high probability (a pair at similarity 0.6 on one of 16 bands
/// with probability 0.89, at 0.7 with 0.98) while unrelated ones rarely do (0.2: 0.025).
public struct Fingerprint: Sendable, Hashable {
    public static let hashCount = 64
    public static let bandCount = 16
    static let rowsPerBand = hashCount / bandCount

    /// The minima, one per hash function.
    public private(set) var values: [UInt32]

    /// The fingerprint of a feature set (order and repeats do not matter).
    public init(features: some Sequence<String>) {
        self.init(hashes: features.map { Self.fnv1a(Array($0.utf8)) })
    }

    /// The fingerprint of a text (``TextFeatures/analyse(_:)``).
    public init(text: String) {
        self.init(hashes: TextFeatures.analyse(text).map { Self.fnv1a($0.folded) })
    }

    /// The fingerprint of analysed features.
    public init(features: [TextFeatures.Feature]) {
        self.init(hashes: features.map { Self.fnv1a($0.folded) })
    }

    init(hashes: [UInt64]) {
        var values = [UInt32](repeating: .max, count: Self.hashCount)
        values.withUnsafeMutableBufferPointer { values in
            for base in hashes {
                for index in 0..<Self.hashCount {
                    let hashed = UInt32(truncatingIfNeeded: Self.mix(base ^ Self.seeds[index]) >> 32)
                    if hashed < values[index] { values[index] = hashed }
                }
            }
        }
        self.values = values
    }

    /// A stored fingerprint (``bytes``); `nil` when the bytes are not one.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.hashCount * 4 else { return nil }
        let array = Array(bytes)
        values = (0..<Self.hashCount).map { index in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(array[index * 4 + $1]) << (8 * UInt32($1)) }
        }
    }

    /// 256 bytes, little-endian, for the store.
    public var bytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.hashCount * 4)
        for (index, value) in values.enumerated() {
            for shift in 0..<4 { bytes[index * 4 + shift] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(shift))) }
        }
        return bytes
    }

    /// A text without features (empty, only stop words) has nothing to compare.
    public var isEmpty: Bool { values.allSatisfy { $0 == .max } }

    /// The estimated Jaccard similarity of the two feature sets, 0 to 1 (0 with an empty one).
    public func similarity(to other: Fingerprint) -> Double {
        guard !isEmpty, !other.isEmpty else { return 0 }
        var equal = 0
        for index in 0..<Self.hashCount where values[index] == other.values[index] { equal += 1 }
        return Double(equal) / Double(Self.hashCount)
    }

    /// One key per band (the band's number and values hashed), for the store's index; empty for
    /// an empty fingerprint.
    public var bandKeys: [Int64] {
        guard !isEmpty else { return [] }
        return (0..<Self.bandCount).map { band in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(band)
            for row in 0..<Self.rowsPerBand {
                hash = Self.mix(hash ^ UInt64(values[band * Self.rowsPerBand + row]))
            }
            return Int64(bitPattern: hash)
        }
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// SplitMix64's finaliser: a bijective mix of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Fixed seeds of the hash functions: a fingerprint means the same in every release (stored
    /// fingerprints stay comparable). Changing them needs a migration that recomputes them.
    static let seeds: [UInt64] = {
        var state: UInt64 = 0x4861_726b_5265_6375  // "HarkRecu"
        return (0..<hashCount).map { _ in
            state = mix(state)
            return state
        }
    }()
}
