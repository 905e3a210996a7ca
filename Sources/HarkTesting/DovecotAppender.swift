import Foundation

/// A minimal IMAP client that logs in to a test Dovecot and appends messages with
/// `MULTIAPPEND` and `LITERAL+`: the fast way to fill a mailbox for tests.
final class DovecotAppender {
    private let socket: BlockingSocket
    private var tagNumber = 0

    init(port: Int, user: String, password: String) throws {
        socket = try BlockingSocket.connect(port: port, timeout: 30)
        guard let greeting = try socket.readLine(), greeting.hasPrefix("* OK") else {
            throw TestingError("dovecot sent no greeting")
        }
        try command("LOGIN \(Self.quoted(user)) \(Self.quoted(password))")
    }

    /// Appends `messages` to `mailbox` in one command.
    func append(_ messages: [Data], to mailbox: String, flags: [String]) throws {
        var bytes = Array("APPEND \(Self.quoted(Self.modifiedUTF7(mailbox)))".utf8)
        for message in messages {
            bytes += " (\(flags.joined(separator: " "))) {\(message.count)+}\r\n".utf8
            bytes += message
        }
        try command(bytes)
    }

    /// Says `LOGOUT`, ignoring errors.
    func logout() {
        _ = try? command("LOGOUT")
    }

    @discardableResult
    private func command(_ text: String) throws -> String { try command(Array(text.utf8)) }

    /// Sends a command and reads to its completion, which must be `OK`.
    @discardableResult
    private func command(_ bytes: [UInt8]) throws -> String {
        tagNumber += 1
        let tag = "T\(tagNumber)"
        try socket.write(Array("\(tag) ".utf8) + bytes + [0x0d, 0x0a])
        while let line = try socket.readLine() {
            guard line.hasPrefix("\(tag) ") else { continue }
            guard line.hasPrefix("\(tag) OK") else { throw TestingError("dovecot refused a command: \(line)") }
            return line
        }
        throw TestingError("dovecot closed the connection")
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// RFC 3501 §5.1.3 modified UTF-7, written separately from the client's so that each checks
    /// the other.
    static func modifiedUTF7(_ name: String) -> String {
        if name.uppercased() == "INBOX" { return "INBOX" }
        var output = ""
        var units: [UInt16] = []
        func flush() {
            guard !units.isEmpty else { return }
            let bytes = units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
            let base64 = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "/", with: ",").replacingOccurrences(of: "=", with: "")
            output += "&\(base64)-"
            units = []
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7e).contains(scalar.value) {
                flush()
                output += scalar == "&" ? "&-" : String(scalar)
            } else {
                units += Array(String(scalar).utf16)
            }
        }
        flush()
        return output
    }
}
