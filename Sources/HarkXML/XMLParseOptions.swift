internal import CLibXML2

/// The libxml2 parser options the reader may use: a safe subset by construction.
///
/// Network access is always off (`XML_PARSE_NONET` is added whatever the set holds), and the
/// dangerous options (entity substitution `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`, `HUGE`, XInclude)
/// have no member here and are masked out of any raw value.
public struct XMLParseOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue & Self.allowedMask
    }

    /// Keep reading after well-formedness errors (libxml2's best effort), collecting them.
    public static let recover = XMLParseOptions(rawValue: Int32(XML_PARSE_RECOVER.rawValue))
    /// Deliver CDATA sections as ordinary text.
    public static let mergeCDATA = XMLParseOptions(rawValue: Int32(XML_PARSE_NOCDATA.rawValue))
    /// No error or warning reports through libxml2's own channels (the reader collects them).
    public static let silent = XMLParseOptions(
        rawValue: Int32(XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
    /// Ignore the encoding named by the XML declaration: the reader is always given UTF-8.
    public static let ignoreEncodingDeclaration = XMLParseOptions(rawValue: Int32(XML_PARSE_IGNORE_ENC.rawValue))

    /// What untrusted documents are read with: recovery, CDATA as text, silent, UTF-8 input.
    public static let safe: XMLParseOptions = [.recover, .mergeCDATA, .silent, .ignoreEncodingDeclaration]

    /// The libxml2 flags actually passed: these options plus `XML_PARSE_NONET`.
    var libxml2Flags: Int32 { rawValue | Int32(XML_PARSE_NONET.rawValue) }

    private static let allowedMask = Int32(
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
}
