import Foundation

/// Decoding of legacy character sets to Unicode, shared by mail and feeds.
///
/// (Owned by the charset work of issue 3; this is the agreed surface.)
public enum Charset {
    /// The canonical name of a charset label (`latin1` → `ISO-8859-1`, `cp1252` → `windows-1252`),
    /// or `nil` when it is not known.
    public static func canonicalName(_ label: String) -> String? {
        let lower = label.trimmingCharacters(in: .whitespaces).lowercased()
        return lower == "utf-8" || lower == "utf8" ? "UTF-8" : nil
    }

    /// `bytes` decoded from `charset` to a String; invalid sequences become U+FFFD. `nil` when the
    /// charset is unknown.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String) -> String? {
        guard canonicalName(charset) == "UTF-8" else { return nil }
        return String(decoding: Array(bytes), as: UTF8.self)
    }
}
