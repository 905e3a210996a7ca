// libFuzzer entry point for the feed parser (reliability.md H1). Built and run only by
// scripts/fuzz-feeds.sh: this target exists only when Package.swift is evaluated with HARK_FUZZ=1,
// and is compiled with -sanitize=fuzzer,address -parse-as-library.
//
// Each input is one whole feed document, parsed as the daemon parses it (HTML-to-text and
// sanitising on). The HTTP charset and the feed URL vary with the input's length (libFuzzer changes
// lengths all the time, so every variant is reached), which keeps the input itself a plain document:
// a crash file replays with `FuzzFeeds.options(size:)`, i.e. `hark parse feed --charset C --url U`.
import Foundation
import HarkFuzzDriver
import HarkFeeds

enum FuzzFeeds {
    /// HTTP charsets tried: none (BOM / XML declaration decide) half of the time, else a label.
    static let charsets: [String?] = [nil, nil, nil, nil, "windows-1252", "iso-8859-1", "koi8-r", "utf-16"]
    /// Feed URLs tried: http(s) bases for relative links, and none.
    static let urls: [URL?] = [
        URL(string: "https://fuzz.example/feeds/a/feed.xml"), nil,
        URL(string: "http://fuzz.example:8080/x/?q=1"), URL(string: "https://fuzz.example/"),
    ]

    /// The options for an input of `size` bytes (documented in
    /// Tests/HarkTests/Fixtures/feeds/fuzz-regressions/README.md).
    static func options(size: Int) -> FeedParseOptions {
        var options = FeedParseOptions(url: urls[(size / 8) % urls.count], httpCharset: charsets[size % charsets.count])
        options.processHTML = true
        return options
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func harkFuzzFeeds(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    _ = try? FeedParser.parse(data, options: FuzzFeeds.options(size: size))
    return 0
}

/// The executable's entry (SwiftPM links it as `main`): libFuzzer's driver with this target.
@_cdecl("HarkFuzzFeeds_main")
func harkFuzzFeedsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, harkFuzzFeeds)
}
