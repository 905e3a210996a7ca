// libFuzzer entry point for the MIME parser (issue 4). Built and run only by scripts/fuzz-mail.sh
// (target `mime`): this target exists only when Package.swift is evaluated with HARK_FUZZ=1, and is
// compiled with -sanitize=fuzzer,address -parse-as-library.
//
// Each input is one whole message, parsed as the mail source parses it. Every output is read (the
// inspection JSON included, and parsed back), and the guarantees `MailMessage` documents are checked:
// a broken one traps, so libFuzzer reports it like a crash. One input in four (`size % 4 == 3`) is
// parsed with tight limits, so that small inputs reach every limit; a crash file replays with
// `FuzzMail.limits(size:)` (Tests/HarkTests/FuzzRegressionReplayTests.swift does the same).
import Foundation
import HarkFuzzDriver
import HarkMail

enum FuzzMail {
    /// Limits that inputs of a few hundred bytes reach.
    static let tightLimits = MailParserLimits(headerLineBytes: 64, headerBytes: 1024, depth: 3, parts: 12, defects: 8)

    /// The limits for an input of `size` bytes (documented in
    /// Tests/HarkTests/Fixtures/mail/fuzz-regressions/README.md).
    static func limits(size: Int) -> MailParserLimits {
        size % 4 == 3 ? tightLimits : MailParserLimits()
    }

    /// Traps with `what` when `condition` is false (release builds keep `fatalError`).
    static func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fatalError("MailMessage invariant broken: \(what())") }
    }

    /// Body text: no control characters but tab and newline, no C1 controls.
    static func isCleanBody(_ text: String) -> Bool {
        !text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
        }
    }

    /// One-line fields: no control characters at all, no line separator (no header injection).
    static func isCleanLine(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" }
    }

    /// Reads every output of `message` and checks what `MailMessage` promises; returns a digest.
    static func check(_ message: MailMessage, limits: MailParserLimits) -> Int {
        var digest = Hasher()
        for text in [message.text, message.newText, message.html ?? ""] {
            require(isCleanBody(text), "a body holds a control character")
            digest.combine(text.utf8.count)
        }
        var lines = [message.subject, message.messageID, message.inReplyTo, message.from?.name, message.from?.address]
        lines += message.references.map(Optional.some)
        lines += (message.to + message.cc + message.replyTo).flatMap { [$0.name, $0.address] }
        lines += message.attachments.flatMap { [$0.filename, $0.contentType, $0.contentID] }
        lines += message.headers.flatMap { [$0.name, $0.value] }
        for line in lines.compactMap({ $0 }) {
            require(isCleanLine(line), "a one-line field holds a control character or line break")
            digest.combine(line)
        }
        require(message.attachments.count <= limits.parts, "more attachments than the part limit")
        for attachment in message.attachments {
            require(attachment.size >= 0, "a negative attachment size")
            require(attachment.sha256.utf8.count == 64, "an attachment hash is not 64 hex digits")
            digest.combine(attachment)
        }
        require(message.defects.count <= limits.defects + 1, "more defects than the defect limit")
        digest.combine(message.defects)
        digest.combine(message.flags)
        digest.combine(message.date)
        digest.combine(message.dateZoneOffsetMinutes)
        let json = message.inspectionJSON
        require(
            (try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any],
            "the inspection JSON does not parse"
        )
        digest.combine(json.utf8.count)
        return digest.finalize()
    }
}

/// Keeps the digest observable, so the optimiser cannot drop the work behind it.
nonisolated(unsafe) var fuzzMailSink = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func harkFuzzMail(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let limits = FuzzMail.limits(size: size)
    fuzzMailSink &+= FuzzMail.check(MailParser.parse(input, limits: limits), limits: limits)
    return 0
}

/// The executable's entry (SwiftPM links it as `main`): libFuzzer's driver with this target.
@_cdecl("HarkFuzzMail_main")
func harkFuzzMailMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, harkFuzzMail)
}
