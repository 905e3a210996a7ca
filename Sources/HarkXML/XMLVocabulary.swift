/// An element or attribute name as the reader resolved it against an `XMLVocabulary`: small
/// numbers instead of strings, so that a handler compares names without building any.
///
/// `0` means "not in the vocabulary" for either part.
public struct XMLName: Hashable, Sendable {
    /// The namespace's id (see `XMLVocabulary`), `0` when unknown or absent.
    public var namespace: UInt8
    /// The local name's id, `0` when unknown.
    public var local: UInt16

    public init(namespace: UInt8, local: UInt16) {
        self.namespace = namespace
        self.local = local
    }
}

/// The namespaces and local names a handler cares about, given ids up front.
///
/// Several URIs may share one namespace id (RSS 0.90/1.0/2.0 dialects, Dublin Core 1.0 and 1.1);
/// no-namespace names get `noNamespace`. Undeclared prefixes (`dc:creator` without `xmlns:dc`, common
/// in broken feeds) resolve through `prefixes`.
public struct XMLVocabulary: Sendable {
    /// The namespace URIs and their ids (1...255).
    public var namespaces: [String: UInt8]
    /// The id for names without a namespace.
    public var noNamespace: UInt8
    /// The local names and their ids (1...).
    public var localNames: [String: UInt16]
    /// Well-known prefixes to assume when a document uses one without declaring it.
    public var prefixes: [String: UInt8]

    public init(
        namespaces: [String: UInt8], noNamespace: UInt8, localNames: [String: UInt16], prefixes: [String: UInt8] = [:]
    ) {
        self.namespaces = namespaces
        self.noNamespace = noNamespace
        self.localNames = localNames
        self.prefixes = prefixes
    }
}

/// Maps interned C strings (libxml2 dictionary entries) to small ids by pointer identity: an
/// open-addressing table, so that a lookup is a hash of the address and a compare or two.
struct PointerTable {
    private var keys: [UInt]
    private var values: [UInt16]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    mutating func insert(_ pointer: UnsafePointer<UInt8>, _ value: UInt16) {
        let key = UInt(bitPattern: pointer)
        var slot = Self.hash(key) & mask
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
    }

    /// The id of `pointer`, `0` when absent.
    @inline(__always)
    func value(_ pointer: UnsafePointer<UInt8>?) -> UInt16 {
        guard let pointer else { return 0 }
        let key = UInt(bitPattern: pointer)
        var slot = Self.hash(key) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func hash(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &>> 4) &* 0x9E37_79B9_7F4A_7C15 &>> 20)
    }
}
