import Foundation

/// A document ready for libxml2: UTF-8, valid, without the characters XML forbids, and where it
/// came from encoding-wise. Made by `XMLInputDecoder`; holds the caller's bytes when they needed no
/// change (most documents), a decoded copy otherwise.
public struct XMLInput: Sendable {
    /// What decided the encoding.
    public enum EncodingSource: String, Sendable, Hashable {
        case byteOrderMark = "bom"
        case transport = "http"
        case declaration
        /// Zero bytes showed UTF-16 or UTF-32 without a BOM.
        case zeroBytePattern = "pattern"
        /// Invalid as UTF-8 and without a single valid multi-byte sequence: read as windows-1252.
        case legacyFallback = "fallback"
        case `default`
    }

    enum Storage: Sendable {
        case original(Data, offset: Int)
        /// A decoded copy, and the length of the original.
        case decoded([UInt8], originalCount: Int)
    }

    let storage: Storage

    /// Where the bytes start in the caller's original when they are the original; `nil` for a copy.
    var originalOffset: Int? {
        if case .original(_, let offset) = storage { return offset }
        return nil
    }

    /// The length of the caller's original bytes.
    var originalCount: Int {
        switch storage {
        case .original(let data, _): data.count
        case .decoded(_, let count): count
        }
    }
    /// The canonical name of the charset the document was decoded from (`UTF-8`, `windows-1252`).
    public let encoding: String
    public let encodingSource: EncodingSource
    /// A label (HTTP or declaration) that named a charset nobody knows; the document was read as UTF-8.
    public let unknownLabel: String?
    /// Invalid byte sequences replaced by U+FFFD.
    public let replacedSequences: Int
    /// Characters XML forbids (controls, NUL, U+FFFE/U+FFFF) removed.
    public let removedCharacters: Int

    /// The document had to be changed or guessed at to be read: not as given.
    public var damaged: Bool {
        replacedSequences > 0 || removedCharacters > 0 || unknownLabel != nil || encodingSource == .legacyFallback
    }

    /// Size in bytes (UTF-8).
    public var count: Int {
        switch storage {
        case .original(let data, let offset): data.count - offset
        case .decoded(let bytes, _): bytes.count
        }
    }

    /// Calls `body` with the UTF-8 bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch storage {
        case .original(let data, let offset):
            try data.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
        case .decoded(let bytes, _):
            try bytes.withUnsafeBytes { try body($0) }
        }
    }
}
