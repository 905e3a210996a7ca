// libFuzzer entry point for the IMAP response framer and parser (issue 4). Built and run only by
// scripts/fuzz-mail.sh (target `imap`): this target exists only when Package.swift is evaluated with
// HARK_FUZZ=1, and is compiled with -sanitize=fuzzer,address -parse-as-library.
//
// Each input is the byte stream of a server, replayed by `IMAPFuzzEntry` (HarkMail) as a session
// reads it: split into reads of varying sizes (so a read may end anywhere, inside CRLF, a literal
// marker or a literal), every frame parsed, up to the first protocol error. The read pattern and the
// limits come from the input's length (`IMAPFuzzEntry.options(size:)`), so a crash file is plain
// server output and replays in Tests/HarkTests/FuzzRegressionReplayTests.swift.
import HarkFuzzDriver
import HarkMail

enum FuzzIMAP {
    /// Traps with `what` when `condition` is false (release builds keep `fatalError`).
    static func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fatalError("IMAP framer invariant broken: \(what())") }
    }

    /// Reads every response of `replay` and checks the framer's memory bound; returns a digest.
    static func check(_ replay: IMAPFuzzEntry.Replay, options: IMAPFuzzEntry.Options) -> Int {
        let limits = options.limits
        // Between reads the framer holds at most an unfinished line and one response's literals.
        require(
            replay.peakBufferedBytes <= limits.maximumLineLength + limits.maximumResponseBytes,
            "the framer held \(replay.peakBufferedBytes) bytes"
        )
        var digest = Hasher()
        for response in replay.responses {
            if case .untagged(.fetch(let fetch)) = response, case .data(let body)? = fetch.body {
                // A body comes as a literal (held up to the literal limit) or a quoted string (one line).
                require(
                    body.count <= max(limits.maximumLiteralSize, limits.maximumLineLength),
                    "a held body of \(body.count) bytes is over the limits"
                )
            }
            digest.combine(response)
        }
        digest.combine(replay.error)
        return digest.finalize()
    }
}

/// Keeps the digest observable, so the optimiser cannot drop the work behind it.
nonisolated(unsafe) var fuzzIMAPSink = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func harkFuzzIMAP(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let options = IMAPFuzzEntry.options(size: size)
    fuzzIMAPSink &+= FuzzIMAP.check(IMAPFuzzEntry.replay(input, options: options), options: options)
    return 0
}

/// The executable's entry (SwiftPM links it as `main`): libFuzzer's driver with this target.
@_cdecl("HarkFuzzIMAP_main")
func harkFuzzIMAPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, harkFuzzIMAP)
}
