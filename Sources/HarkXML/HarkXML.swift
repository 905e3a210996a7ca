internal import CLibXML2

/// The libxml2 version this build links against, e.g. `2.9.14`.
public var libxml2Version: String { LIBXML_DOTTED_VERSION }
