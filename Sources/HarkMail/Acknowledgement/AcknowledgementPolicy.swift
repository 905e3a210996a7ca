import HarkCore
import HarkCurl

/// Whether a mail mention may get an automatic acknowledgement (RFC 3834: never answer automatic
/// mail, lists, bounces or addresses that take no replies, and never answer ourselves).
public enum AcknowledgementPolicy {
    /// No sender address.
    public static let noAddress = "no_address"
    /// A sender address that is not a plain `local@domain` (blanks, angle brackets, control
    /// characters, no `@`): it cannot be written safely into an envelope or a header.
    public static let invalidAddress = "invalid_address"
    /// An address that takes no replies (`noreply@`, `mailer-daemon@`, `bounces+...@`, ...).
    public static let noReplyAddress = "no_reply_address"
    /// The mail was flagged as automatic (`auto_reply` or `bounce`).
    public static let automaticMail = "automatic_mail"
    /// The mail had the null return path `<>`.
    public static let nullReturnPath = "null_return_path"
    /// The mail came through a mailing list.
    public static let listMail = "list_mail"
    /// The sender is one of our own addresses: answering would loop.
    public static let ownAddress = "own_address"

    /// Why no acknowledgement may be sent, or `nil` when one may.
    /// - Parameters:
    ///   - address: the sender's address (`From`): acknowledgements only ever go there.
    ///   - flags: the mention's flags (`auto_reply`, `bounce`, ...).
    ///   - context: the mail's reply context, when there is one.
    ///   - ownAddresses: the addresses acknowledgements are sent from and mail is received at.
    /// - Returns: `no_address`, `invalid_address`, `own_address`, `no_reply_address`,
    ///   `automatic_mail`, `null_return_path` or `list_mail` (the first that applies), or `nil`.
    public static func refusal(
        address: String?, flags: [String], context: ReplyContext?, ownAddresses: [String]
    ) -> String? {
        guard let address, !address.isEmpty else { return noAddress }
        guard isPlainAddress(address) else { return invalidAddress }
        let normalized = comparable(address)
        if ownAddresses.contains(where: { comparable($0) == normalized }) { return ownAddress }
        if isNoReplyAddress(address) { return noReplyAddress }
        if flags.contains("auto_reply") || flags.contains("bounce") { return automaticMail }
        if context?.returnPathIsNull == true { return nullReturnPath }
        if context?.isListMail == true { return listMail }
        return nil
    }

    /// Whether `address` is a plain addr-spec that can go into an SMTP envelope and a header as
    /// is: one `@` with text on both sides, at most 254 characters, no blank, control character,
    /// quote, angle bracket, parenthesis, comma, semicolon, colon or backslash.
    public static func isPlainAddress(_ address: String) -> Bool {
        SMTPEnvelope.isPlainAddress(address)
    }

    /// Whether the address takes no replies: its local part contains `noreply`, `no-reply`,
    /// `donotreply`, `do-not-reply`, `mailer-daemon` or `postmaster` (with any separators), or
    /// has the word `bounce` or `bounces` (`bounces+abc=example.org@lists.example.com`).
    /// Case-insensitive.
    public static func isNoReplyAddress(_ address: String) -> Bool {
        let local = (address.lastIndex(of: "@").map { address[..<$0] } ?? Substring(address)).lowercased()
        let separators: Set<Character> = [".", "-", "_", "+", "="]
        let squeezed = String(local.filter { !separators.contains($0) })
        if ["noreply", "donotreply", "mailerdaemon", "postmaster"].contains(where: { squeezed.contains($0) }) {
            return true
        }
        let words = local.split(whereSeparator: { separators.contains($0) || $0.isNumber })
        return words.contains { $0 == "bounce" || $0 == "bounces" }
    }

    /// An address for comparing: lower-case, without a `+tag` in the local part.
    private static func comparable(_ address: String) -> String {
        let lower = address.lowercased()
        guard let at = lower.lastIndex(of: "@") else { return lower }
        let local = lower[..<at]
        let base = local.firstIndex(of: "+").map { local[..<$0] } ?? local
        return String(base + lower[at...])
    }
}
