/// Which addresses a fetch may connect to: the connect-time SSRF guard (reliability.md H3).
///
/// Refused unless allowed: loopback, unspecified, private, CGNAT, link-local (cloud metadata
/// `169.254.169.254`, `fd00:ec2::254`), ULA, multicast, broadcast, documentation and other reserved
/// ranges; IPv6 forms that embed an IPv4 address (mapped, compatible, translated, NAT64, 6to4) are
/// judged by that IPv4 address. The allow-list (configuration `network.allow_cidrs`) makes
/// exceptions: whole ranges (`10.1.0.0/16`, `fd12::/16`) or one address and port
/// (`127.0.0.1:8081`, `[::1]:8081`).
///
/// The guard judges the address a socket is about to be opened to, after DNS, on every hop, so
/// neither a hostname, nor DNS rebinding, nor a redirect gets around it.
public struct AddressPolicy: Sendable, Hashable {
    /// A bad allow-list entry, with what is wrong and how to write it.
    public struct EntryError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The entry as configured.
        public var entry: String
        /// What is wrong with it.
        public var reason: String

        public var description: String { "network.allow_cidrs entry \"\(entry)\": \(reason)" }
    }

    /// One allow-list entry: a CIDR range (any port) or a single address with a port.
    public struct AllowEntry: Sendable, Hashable, CustomStringConvertible {
        /// The first address of the range.
        public let prefix: IPAddress
        /// The prefix length in bits (32 or 128 for a single address).
        public let length: Int
        /// The only port allowed, or `nil` for any port.
        public let port: Int?

        /// Parses `10.1.0.0/16`, `fd12::/16`, `127.0.0.1:8081`, `[::1]:8081`, or a bare address.
        public init(parsing text: String) throws(EntryError) {
            let entry = text.trimmingSpaces
            func fail(_ reason: String) -> EntryError { EntryError(entry: text, reason: reason) }
            guard !entry.isEmpty else {
                throw fail("empty; write a range like 10.1.0.0/16 or an address and port like 127.0.0.1:8081")
            }
            if let slash = entry.firstIndex(of: "/") {
                let addressText = String(entry[..<slash])
                guard let address = IPAddress(addressText) else {
                    throw fail("\"\(addressText)\" is not an IP address (host names are not allowed, only addresses)")
                }
                guard let length = Int(entry[entry.index(after: slash)...]), (0...address.bitCount).contains(length)
                else {
                    throw fail("the prefix length must be a number from 0 to \(address.bitCount)")
                }
                guard !address.hasBitsAfter(length) else {
                    throw fail("\(addressText) has bits set after the first \(length); write the range's first address")
                }
                (prefix, self.length, port) = (address, length, nil)
                return
            }
            if entry.hasPrefix("[") {
                guard let close = entry.firstIndex(of: "]"),
                    let address = IPAddress(String(entry[entry.index(after: entry.startIndex)..<close])),
                    case .v6 = address
                else { throw fail("write an IPv6 address with a port as [::1]:8081") }
                let rest = entry[entry.index(after: close)...]
                guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65_535).contains(port) else {
                    throw fail("the port after ] must be a number from 1 to 65535, as in [::1]:8081")
                }
                (prefix, length, self.port) = (address, 128, port)
                return
            }
            if let address = IPAddress(entry) {
                (prefix, length, port) = (address, address.bitCount, nil)
                return
            }
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let address = IPAddress(String(parts[0])), case .v4 = address else {
                throw fail(
                    "not an IP address, a range (10.1.0.0/16) or an address with a port (127.0.0.1:8081, [::1]:8081)"
                )
            }
            guard let port = Int(parts[1]), (1...65_535).contains(port) else {
                throw fail("the port must be a number from 1 to 65535")
            }
            (prefix, length, self.port) = (address, 32, port)
        }

        /// Whether this entry lets a connection to `address`:`port` through.
        public func permits(_ address: IPAddress, port: Int) -> Bool {
            if let only = self.port, only != port { return false }
            return address.hasPrefix(prefix, length: length)
        }

        public var description: String {
            if let port { return "\(prefix.urlHost):\(port)" }
            return "\(prefix)/\(length)"
        }
    }

    /// Whether a connection may be opened, and if not, why.
    public enum Verdict: Sendable, Hashable {
        case allowed
        /// Refused: `range` names the kind of address (`loopback`, `private`, ...).
        case refused(range: String)
    }

    /// The exceptions, in configuration order.
    public let allowEntries: [AllowEntry]

    /// The strict policy: only public addresses.
    public init() {
        allowEntries = []
    }

    /// A policy with the allow-list from configuration (`network.allow_cidrs`).
    /// - Throws: ``EntryError`` naming the first bad entry and how to write it.
    public init(allowing entries: [String]) throws(EntryError) {
        var parsed: [AllowEntry] = []
        for entry in entries {
            parsed.append(try AllowEntry(parsing: entry))
        }
        allowEntries = parsed
    }

    /// Judges a connection to `address`:`port`.
    public func verdict(for address: IPAddress, port: Int) -> Verdict {
        var candidates = [address]
        // A mapped address reaches the IPv4 host itself, so an IPv4 exception covers it too.
        if let inner = address.mappedIPv4 { candidates.append(inner) }
        for candidate in candidates where allowEntries.contains(where: { $0.permits(candidate, port: port) }) {
            return .allowed
        }
        guard let range = Self.specialRange(of: address) else { return .allowed }
        return .refused(range: range)
    }

    /// Whether a connection to `address`:`port` is allowed.
    public func permits(_ address: IPAddress, port: Int) -> Bool {
        verdict(for: address, port: port) == .allowed
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
