/// HTML to plain text (agreed surface; implemented with `htmlReadMemory` by the HTML work of issue 3).
public enum HTMLText {
    /// The text of an HTML fragment: scripts and styles dropped, block elements spaced, entities decoded.
    public static func plainText(_ html: String) -> String { html }
}
