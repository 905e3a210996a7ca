/// Replays a byte stream from an IMAP server through ``IMAPFramer`` and ``IMAPResponseParser`` the
/// way a session reads a connection: the entry of the libFuzzer target `Sources/HarkFuzzIMAP`
/// (scripts/fuzz-mail.sh) and of the regression replay tests, so that both run the same code.
///
/// The transcript stays plain server output (a finding is a readable test case): how it is split
/// into reads and which limits are in force are derived from its length, which libFuzzer varies all
/// the time (documented in `Tests/HarkTests/Fixtures/imap/fuzz-regressions/README.md`).
public enum IMAPFuzzEntry {
    /// How a transcript is fed to the framer.
    public struct Options: Sendable, Hashable {
        /// The largest read: `0` hands over everything at once, `1` one byte at a time, larger values
        /// reads of pseudo-random sizes in `1...maximumRead` (so the splits fall anywhere: inside
        /// CRLF, a literal marker, a literal).
        public var maximumRead: Int
        /// Seeds the read sizes.
        public var seed: UInt64
        /// The limits of the framer and parser. Tight limits make small inputs reach every limit.
        public var limits: IMAPLimits

        /// Options with the given read pattern and limits.
        public init(maximumRead: Int, seed: UInt64, limits: IMAPLimits) {
            self.maximumRead = maximumRead
            self.seed = seed
            self.limits = limits
        }
    }

    /// What a replay produced.
    public struct Replay: Sendable, Hashable {
        /// The responses parsed, in order, up to the first error.
        public var responses: [IMAPResponse] = []
        /// The error that ended the replay (a session would drop the connection there), if any.
        public var error: IMAPError?
        /// The most bytes the framer held between reads.
        public var peakBufferedBytes = 0
    }

    /// Limits small enough that inputs of a few hundred bytes reach each of them.
    public static let tightLimits = IMAPLimits(
        maximumLineLength: 128,
        maximumLiteralSize: 64,
        maximumResponseBytes: 512,
        maximumBatchBytes: 96,
        maximumListDepth: 4
    )

    /// The options for a transcript of `size` bytes: the read pattern cycles with `size % 8`, the
    /// limits (defaults or ``tightLimits``) with `size / 8 % 2`.
    public static func options(size: Int) -> Options {
        let reads = [0, 1, 2, 3, 7, 16, 64, 512]
        return Options(
            maximumRead: reads[size % reads.count],
            seed: UInt64(size),
            limits: (size / 8) % 2 == 0 ? IMAPLimits() : tightLimits
        )
    }

    /// Feeds `bytes` to a framer in reads as `options` say and parses every frame, as
    /// `IMAPSession.readResponse` does, including `UID FETCH`'s lowering of the literal hold limit
    /// as bodies are held. Stops at the first error, as the session does.
    public static func replay(_ bytes: [UInt8], options: Options) -> Replay {
        let limits = options.limits
        var framer = IMAPFramer(limits: limits)
        framer.literalHoldLimit = min(limits.maximumLiteralSize, limits.maximumBatchBytes)
        var random = SplitMix64(seed: options.seed)
        var replay = Replay()
        var held = 0
        var offset = 0
        repeat {
            let read =
                switch options.maximumRead {
                case ...0: bytes.count - offset
                case 1: 1
                default: 1 + Int(random.next() % UInt64(options.maximumRead))
                }
            let end = min(bytes.count, offset + read)
            framer.append(contentsOf: bytes[offset..<end])
            offset = end
            do throws(IMAPError) {
                while let frame = try framer.nextFrame() {
                    let response = try IMAPResponseParser.parse(frame, limits: limits)
                    if case .untagged(.fetch(let fetch)) = response, case .data(let body)? = fetch.body {
                        held += body.count
                        framer.literalHoldLimit = max(
                            0,
                            min(limits.maximumLiteralSize, limits.maximumBatchBytes - held)
                        )
                    }
                    replay.responses.append(response)
                }
            } catch {
                replay.error = error
                return replay
            }
            replay.peakBufferedBytes = max(replay.peakBufferedBytes, framer.bufferedByteCount)
        } while offset < bytes.count
        return replay
    }

    /// A small deterministic generator (SplitMix64): the same transcript always splits the same way.
    private struct SplitMix64 {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
