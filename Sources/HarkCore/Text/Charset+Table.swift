extension Charset {
    /// The known charsets and their labels (after the WHATWG Encoding Standard's label table, plus the
    /// aliases mail really uses, such as `ks_c_5601-1987`). Labels are compared by ``labelKey(_:)``.
    static let entries: [(CharsetInfo, [String])] = unicode + western + otherSingleByte + eastAsian

    private static let unicode: [(CharsetInfo, [String])] = [
        (
            CharsetInfo("UTF-8", .utf8),
            ["utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"]
        ),
        (CharsetInfo("UTF-16LE", .utf16(bigEndian: false), asciiFastPath: false), ["utf-16le", "unicodefffe"]),
        (CharsetInfo("UTF-16BE", .utf16(bigEndian: true), asciiFastPath: false), ["utf-16be", "unicodefeff"]),
        (
            CharsetInfo("UTF-16", .utf16(bigEndian: nil), asciiFastPath: false),
            ["utf-16", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2"]
        ),
        (CharsetInfo("UTF-32LE", .iconv("UTF-32LE"), asciiFastPath: false), ["utf-32le"]),
        (CharsetInfo("UTF-32BE", .iconv("UTF-32BE"), asciiFastPath: false), ["utf-32be"]),
        (CharsetInfo("UTF-32", .iconv("UTF-32"), asciiFastPath: false), ["utf-32", "ucs-4"]),
        (
            CharsetInfo("UTF-7", .iconv("UTF-7"), sevenBitStateful: true),
            ["utf-7", "unicode-1-1-utf-7", "csunicode11utf7"]
        ),
    ]

    /// Latin-1 and ASCII decode as windows-1252, the superset that their senders really mean.
    private static let western: [(CharsetInfo, [String])] = [
        (CharsetInfo("windows-1252", .windows1252), ["cp1252", "x-cp1252", "win-1252", "ms-ansi"]),
        (
            CharsetInfo("ISO-8859-1", .windows1252),
            [
                "iso-8859-1", "iso8859-1", "latin1", "l1", "iso-ir-100", "csisolatin1", "ibm819", "cp819", "iso88591",
            ]
        ),
        (
            CharsetInfo("US-ASCII", .windows1252),
            [
                "ascii", "us-ascii", "us", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso646-us", "iso-ir-6", "cp367",
                "ibm367", "csascii",
            ]
        ),
        (CharsetInfo("windows-1250", .iconv("CP1250")), ["cp1250", "x-cp1250"]),
        (CharsetInfo("windows-1251", .iconv("CP1251")), ["cp1251", "x-cp1251"]),
        (CharsetInfo("windows-1253", .iconv("CP1253")), ["cp1253", "x-cp1253"]),
        (CharsetInfo("windows-1254", .iconv("CP1254")), ["cp1254", "x-cp1254"]),
        (CharsetInfo("windows-1255", .iconv("CP1255")), ["cp1255", "x-cp1255"]),
        (CharsetInfo("windows-1256", .iconv("CP1256")), ["cp1256", "x-cp1256"]),
        (CharsetInfo("windows-1257", .iconv("CP1257")), ["cp1257", "x-cp1257"]),
        (CharsetInfo("windows-1258", .iconv("CP1258")), ["cp1258", "x-cp1258"]),
        (CharsetInfo("windows-874", .iconv("CP874")), ["cp874", "dos-874", "tis-620", "iso-8859-11", "iso885911"]),
    ]

    private static let otherSingleByte: [(CharsetInfo, [String])] = [
        (CharsetInfo("ISO-8859-2", .iconv("ISO-8859-2")), ["latin2", "l2", "iso-ir-101", "csisolatin2"]),
        (CharsetInfo("ISO-8859-3", .iconv("ISO-8859-3")), ["latin3", "l3", "iso-ir-109", "csisolatin3"]),
        (CharsetInfo("ISO-8859-4", .iconv("ISO-8859-4")), ["latin4", "l4", "iso-ir-110", "csisolatin4"]),
        (CharsetInfo("ISO-8859-5", .iconv("ISO-8859-5")), ["cyrillic", "iso-ir-144", "csisolatincyrillic"]),
        (
            CharsetInfo("ISO-8859-6", .iconv("ISO-8859-6")),
            [
                "arabic", "iso-ir-127", "asmo-708", "ecma-114", "csisolatinarabic", "iso-8859-6-e", "iso-8859-6-i",
            ]
        ),
        (
            CharsetInfo("ISO-8859-7", .iconv("ISO-8859-7")),
            [
                "greek", "greek8", "iso-ir-126", "elot_928", "ecma-118", "csisolatingreek", "sun_eu_greek",
            ]
        ),
        (CharsetInfo("ISO-8859-8", .iconv("ISO-8859-8")), ["hebrew", "iso-ir-138", "csisolatinhebrew", "visual"]),
        (CharsetInfo("ISO-8859-8-I", .iconv("ISO-8859-8")), ["logical", "csiso88598i"]),
        (CharsetInfo("ISO-8859-9", .iconv("CP1254")), ["latin5", "l5", "iso-ir-148", "csisolatin5"]),
        (CharsetInfo("ISO-8859-10", .iconv("ISO-8859-10")), ["latin6", "l6", "iso-ir-157", "csisolatin6"]),
        (CharsetInfo("ISO-8859-13", .iconv("ISO-8859-13")), ["latin7", "l7"]),
        (CharsetInfo("ISO-8859-14", .iconv("ISO-8859-14")), ["latin8", "l8", "iso-ir-199"]),
        (CharsetInfo("ISO-8859-15", .iconv("ISO-8859-15")), ["latin9", "l9", "csisolatin9", "latin-9"]),
        (CharsetInfo("ISO-8859-16", .iconv("ISO-8859-16")), ["latin10", "l10", "iso-ir-226"]),
        (CharsetInfo("KOI8-R", .iconv("KOI8-R")), ["koi", "koi8", "koi8_r", "cskoi8r"]),
        (CharsetInfo("KOI8-U", .iconv("KOI8-U")), ["koi8-ru"]),
        (CharsetInfo("IBM866", .iconv("CP866")), ["866", "cp866", "csibm866"]),
        (CharsetInfo("macintosh", .iconv("MACINTOSH")), ["mac", "x-mac-roman", "csmacintosh"]),
        (CharsetInfo("x-mac-cyrillic", .iconv("MAC-CYRILLIC")), ["x-mac-ukrainian"]),
    ]

    /// East Asian charsets decode with the superset browsers use (CP932, GB18030, UHC, Big5-HKSCS).
    private static let eastAsian: [(CharsetInfo, [String])] = [
        (
            CharsetInfo("Shift_JIS", .iconv("CP932")),
            [
                "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932",
            ]
        ),
        (CharsetInfo("EUC-JP", .iconv("EUC-JP")), ["x-euc-jp", "cseucpkdfmtjapanese", "eucjp"]),
        (
            CharsetInfo("ISO-2022-JP", .iconv("ISO-2022-JP-2"), sevenBitStateful: true),
            [
                "csiso2022jp", "iso-2022-jp-2", "csiso2022jp2",
            ]
        ),
        (CharsetInfo("GBK", .iconv("GB18030")), ["x-gbk", "cp936", "ms936", "windows-936"]),
        (
            CharsetInfo("GB2312", .iconv("GB18030")),
            [
                "chinese", "csgb2312", "csiso58gb231280", "gb_2312", "gb_2312-80", "iso-ir-58", "euc-cn",
            ]
        ),
        (CharsetInfo("GB18030", .iconv("GB18030")), []),
        (CharsetInfo("Big5", .iconv("BIG5-HKSCS")), ["big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"]),
        (
            CharsetInfo("EUC-KR", .iconv("CP949")),
            [
                "cseuckr", "csksc56011987", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
                "ksc5601", "ksc_5601", "windows-949", "cp949", "uhc",
            ]
        ),
    ]
}
