import Foundation

/// A source's state kept as versioned JSON in ``SourceState`` (a feed's validators, a mailbox's
/// checkpoints). Conforming types get the decoding and encoding; only their channel reads them.
public protocol SourceStatePayload: Codable, Sendable {
    /// The payload version the type writes; another version starts afresh.
    static var version: Int { get }
    /// The state of a source never polled.
    init()
}

extension SourceStatePayload {
    /// Decodes a stored state. An unknown version or a broken payload starts afresh: at worst the
    /// source is read again in full, and the store's keys keep that free of duplicates.
    public init(_ stored: SourceState?) {
        guard let stored, stored.version == Self.version,
            let decoded = try? SourceStateCoding.decoder.decode(Self.self, from: stored.payload)
        else {
            self.init()
            return
        }
        self = decoded
    }

    /// The state as the store keeps it.
    public var sourceState: SourceState {
        let payload = (try? SourceStateCoding.encoder.encode(self)) ?? Data("{}".utf8)
        return SourceState(version: Self.version, payload: payload)
    }
}

/// One JSON form for every source state: sorted keys, dates in seconds since 1970.
enum SourceStateCoding {
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }
}
