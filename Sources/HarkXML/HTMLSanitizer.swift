import Foundation

/// Sanitised HTML (agreed surface; an allowlist implementation comes with the HTML work of issue 3).
public enum HTMLSanitizer {
    /// `html` reduced to an allowlist of elements and attributes: no scripts, event handlers, styles,
    /// `javascript:`/`data:` links; relative links resolved against `base` when it is http(s).
    public static func sanitize(_ html: String, base: URL?) -> String { "" }
}
