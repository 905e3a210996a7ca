#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as a value: what the connect-time guard judges.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant byte first (`127.0.0.1` is `0x7f00_0001`).
    case v4(UInt32)
    /// An IPv6 address as 16 bytes in network order.
    case v6([UInt8])

    /// Parses the strict textual forms only: dotted-quad IPv4 (`10.0.0.1`) and RFC 4291 IPv6
    /// (`fd00::1`, `::ffff:127.0.0.1`), without brackets or zone. `nil` for anything else, including
    /// the lax forms a resolver accepts (`127.1`, `0x7f000001`): those are judged after resolution.
    public init?(_ text: String) {
        if text.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, text, &raw) == 1 else { return nil }
            self = .v6(withUnsafeBytes(of: &raw) { Array($0) })
        } else {
            var raw = in_addr()
            guard inet_pton(AF_INET, text, &raw) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: raw.s_addr))
        }
    }

    /// IPv6 from 16 bytes in network order (`nil` for another count).
    public init?(ipv6Bytes bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self = .v6(bytes)
    }

    /// The address in its canonical text (`127.0.0.1`, `::ffff:127.0.0.1`).
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\((value >> 16) & 0xff).\((value >> 8) & 0xff).\(value & 0xff)"
        case .v6(let bytes):
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes.prefix(16)) }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            guard inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil else { return "invalid-ipv6" }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// How the address is written in a URL or an allow entry with a port (`[::1]` for IPv6).
    public var urlHost: String {
        if case .v6 = self { return "[\(description)]" }
        return description
    }

    /// The bit length: 32 or 128.
    var bitCount: Int {
        if case .v4 = self { return 32 }
        return 128
    }

    /// The bit at `index` (0 is the most significant).
    func bit(_ index: Int) -> Bool {
        switch self {
        case .v4(let value):
            return (value >> UInt32(31 - index)) & 1 == 1
        case .v6(let bytes):
            return (bytes[index / 8] >> UInt8(7 - index % 8)) & 1 == 1
        }
    }

    /// Whether the first `length` bits equal those of `prefix` (same family only).
    func hasPrefix(_ prefix: IPAddress, length: Int) -> Bool {
        guard bitCount == prefix.bitCount, length <= bitCount else { return false }
        for index in 0..<length where bit(index) != prefix.bit(index) { return false }
        return true
    }

    /// Whether some bit after the first `length` is set (a CIDR written with host bits).
    func hasBitsAfter(_ length: Int) -> Bool {
        (length..<bitCount).contains { bit($0) }
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
    var mappedIPv4: IPAddress? {
        guard case .v6(let bytes) = self, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff
        else {
            return nil
        }
        return embeddedIPv4(atByte: 12)
    }

    /// The 32 bits at byte `offset` of an IPv6 address, as an IPv4 address.
    func embeddedIPv4(atByte offset: Int) -> IPAddress? {
        guard case .v6(let bytes) = self, offset + 4 <= 16 else { return nil }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return .v4(value)
    }
}
