extension AddressPolicy {
    /// A range the guard refuses unless allowed, with the name shown in `blocked_address` errors.
    struct SpecialRange: Sendable {
        let prefix: IPAddress
        let length: Int
        let name: String

        init(_ prefix: String, _ length: Int, _ name: String) {
            // The table below is literal and checked by the tests; an unparsable entry would be a
            // programming error, so it falls back to an address that matches nothing useful.
            self.prefix = IPAddress(prefix) ?? .v4(0)
            self.length = length
            self.name = name
        }
    }

    /// IPv4 ranges that are not the public internet (RFC 6890 and friends).
    static let specialIPv4: [SpecialRange] = [
        SpecialRange("0.0.0.0", 8, "unspecified"),
        SpecialRange("10.0.0.0", 8, "private"),
        SpecialRange("100.64.0.0", 10, "shared (CGNAT)"),
        SpecialRange("127.0.0.0", 8, "loopback"),
        SpecialRange("169.254.0.0", 16, "link-local (cloud metadata)"),
        SpecialRange("172.16.0.0", 12, "private"),
        SpecialRange("192.0.0.0", 24, "IETF protocol assignments"),
        SpecialRange("192.0.2.0", 24, "documentation"),
        SpecialRange("192.88.99.0", 24, "6to4 relay"),
        SpecialRange("192.168.0.0", 16, "private"),
        SpecialRange("198.18.0.0", 15, "benchmarking"),
        SpecialRange("198.51.100.0", 24, "documentation"),
        SpecialRange("203.0.113.0", 24, "documentation"),
        SpecialRange("224.0.0.0", 4, "multicast"),
        SpecialRange("240.0.0.0", 4, "reserved or broadcast"),
    ]

    /// IPv6 ranges that are not the public internet. The forms that embed an IPv4 address are
    /// judged by that address instead (see ``embeddingForms``).
    static let specialIPv6: [SpecialRange] = [
        SpecialRange("::", 128, "unspecified"),
        SpecialRange("::1", 128, "loopback"),
        SpecialRange("100::", 64, "discard-only"),
        SpecialRange("64:ff9b:1::", 48, "local-use NAT64"),
        SpecialRange("2001::", 32, "Teredo"),
        SpecialRange("2001:db8::", 32, "documentation"),
        SpecialRange("fc00::", 7, "unique local (ULA)"),
        SpecialRange("fe80::", 10, "link-local"),
        SpecialRange("fec0::", 10, "site-local"),
        SpecialRange("ff00::", 8, "multicast"),
    ]

    /// IPv6 forms that carry an IPv4 address, and the byte where it sits.
    static let embeddingForms: [(range: SpecialRange, byte: Int)] = [
        (SpecialRange("::ffff:0:0", 96, "IPv4-mapped"), 12),
        (SpecialRange("::ffff:0:0:0", 96, "IPv4-translated"), 12),
        (SpecialRange("64:ff9b::", 96, "NAT64"), 12),
        (SpecialRange("::", 96, "IPv4-compatible"), 12),
        (SpecialRange("2002::", 16, "6to4"), 2),
    ]

    /// The name of the non-public range `address` lies in, or `nil` for a public address.
    /// Ignores the allow-list.
    public static func specialRange(of address: IPAddress) -> String? {
        switch address {
        case .v4:
            return specialIPv4.first { address.hasPrefix($0.prefix, length: $0.length) }?.name
        case .v6:
            if let exact = specialIPv6.first(where: { $0.length == 128 && address.hasPrefix($0.prefix, length: 128) }) {
                return exact.name
            }
            for form in embeddingForms where address.hasPrefix(form.range.prefix, length: form.range.length) {
                guard let inner = address.embeddedIPv4(atByte: form.byte) else { continue }
                return specialRange(of: inner).map { "\(form.range.name) \(inner) (\($0))" }
            }
            return specialIPv6.first { address.hasPrefix($0.prefix, length: $0.length) }?.name
        }
    }
}
