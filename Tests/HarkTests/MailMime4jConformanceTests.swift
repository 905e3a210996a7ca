import Foundation
import Testing

@testable import HarkMail

/// mime4j's test messages: the part tree (`X.xml`, fields and bodies as written) and the exact
/// decoded bytes of each leaf (`X_decoded_*.txt`/`.bin`, named in `X_decoded.xml`), at least 95% each.
@Suite struct MailMime4jConformanceTests {
    /// mime4j's own dump format, so the two trees can be compared byte for byte.
    struct TreeWriter {
        let stem: String
        let decodedNames: Bool
        var out: [UInt8] = []

        mutating func text(_ string: String) { out += Array(string.utf8) }

        /// Markup escaped; bytes read as UTF-8 (invalid ones as U+FFFD), as mime4j's dump writes them.
        mutating func escaped(_ bytes: ArraySlice<UInt8>) {
            for byte in String(decoding: bytes, as: UTF8.self).utf8 {
                switch byte {
                case 0x26: text("&amp;")
                case 0x3C: text("&lt;")
                case 0x3E: text("&gt;")
                default: out.append(byte)
                }
            }
        }

        mutating func entity(_ entity: MIMEEntity) {
            text("<header>\r\n")
            for field in entity.header.fields {
                text("<field>\r\n")
                escaped(field.raw)
                text("</field>\r\n")
            }
            text("</header>\r\n")
            switch entity.content {
            case .leaf:
                if decodedNames {
                    let isText = entity.contentType.type == "text"
                    let name =
                        "\(stem)_decoded_\(entity.path.replacingOccurrences(of: ".", with: "_")).\(isText ? "txt" : "bin")"
                    text("<\(isText ? "text" : "binary")-body name=\"\(name)\"/>\r\n")
                } else {
                    text("<body>\r\n")
                    escaped(entity.body)
                    text("</body>\r\n")
                }
            case .multipart(let multipart):
                text("<multipart>\r\n")
                if let preamble = multipart.preamble {
                    text("<preamble>\r\n")
                    escaped(preamble)
                    text("</preamble>\r\n")
                }
                for part in multipart.parts {
                    text("<body-part>\r\n")
                    self.entity(part)
                    text("</body-part>\r\n")
                }
                if let epilogue = multipart.epilogue {
                    text("<epilogue>\r\n")
                    escaped(epilogue)
                    text("</epilogue>\r\n")
                }
                text("</multipart>\r\n")
            case .message(let inner):
                text("<message>\r\n")
                self.entity(inner)
                text("</message>\r\n")
            }
        }
    }

    static func tree(_ root: MIMEEntity, stem: String, decodedNames: Bool) -> [UInt8] {
        var writer = TreeWriter(stem: stem, decodedNames: decodedNames)
        writer.text("<message>\r\n")
        writer.entity(root)
        writer.text("</message>\r\n")
        return writer.out
    }

    /// The tree without its texts: bodies elided, preambles and epilogues kept only as markers and
    /// only when they hold more than white space. Fields stay exact.
    static func structure(_ xml: [UInt8]) -> String {
        var text = String(decoding: xml, as: UTF8.self)
        let body = try! NSRegularExpression(pattern: "<body>\r\n.*?</body>", options: [.dotMatchesLineSeparators])
        text = body.stringByReplacingMatches(
            in: text,
            range: NSRange(text.startIndex..., in: text),
            withTemplate: "<body/>"
        )
        let framing = try! NSRegularExpression(
            pattern: "<(preamble|epilogue)>\r\n(.*?)</\\1>\r\n",
            options: [.dotMatchesLineSeparators]
        )
        var result = ""
        var cursor = text.startIndex
        for match in framing.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let whole = Range(match.range, in: text)!
            result += text[cursor..<whole.lowerBound]
            let content = text[Range(match.range(at: 2), in: text)!]
            if content.contains(where: { !$0.isWhitespace }) {
                result += "<\(text[Range(match.range(at: 1), in: text)!])/>\r\n"
            }
            cursor = whole.upperBound
        }
        return result + text[cursor...]
    }

    static func parse(_ bytes: [UInt8]) -> MIMEEntity {
        var context = ParseContext(limits: MailParserLimits(), message: bytes[...])
        return MIMEEntityParser.parse(
            bytes[...],
            depth: 0,
            path: "1",
            defaultType: .textPlain,
            isMessage: true,
            context: &context
        )
    }

    /// The leaf at a dotted path.
    static func leaf(_ entity: MIMEEntity, _ path: String) -> MIMEEntity? {
        if entity.path == path { return entity }
        switch entity.content {
        case .leaf: return nil
        case .multipart(let multipart): return multipart.parts.lazy.compactMap { leaf($0, path) }.first
        case .message(let inner): return leaf(inner, path)
        }
    }

    @Test func treesAndDecodedPartsMatch() throws {
        var trees = (0, 0)
        var structures = 0
        var decoded = (0, 0)
        var failures: [String] = []
        for folderName in ["testmsgs", "mimetools-testmsgs"] {
            guard let folder = MailCorpus.folder("mime4j/core/src/test/resources/\(folderName)") else { return }
            for url in MailCorpus.files(in: folder, suffix: ".msg") {
                let stem = url.deletingPathExtension().lastPathComponent
                guard let bytes = MailCorpus.bytes(url),
                    let expectedTree = MailCorpus.bytes(folder.appendingPathComponent(stem + ".xml"))
                else { continue }
                let root = Self.parse(bytes)
                let tree = Self.tree(root, stem: stem, decodedNames: false)
                trees.1 += 1
                if Self.structure(tree) == Self.structure(expectedTree) {
                    structures += 1
                } else {
                    failures.append("\(folderName)/\(stem): tree structure")
                }
                if tree == expectedTree {
                    trees.0 += 1
                } else {
                    failures.append("\(folderName)/\(stem): tree text")
                    if ProcessInfo.processInfo.environment["MIME4J_SHOW"] == stem {
                        print(String(decoding: Self.tree(root, stem: stem, decodedNames: false), as: UTF8.self))
                    }
                }
                guard let decodedTree = MailCorpus.bytes(folder.appendingPathComponent(stem + "_decoded.xml")) else {
                    continue
                }
                let names = String(decoding: decodedTree, as: UTF8.self).split(separator: "\"").filter {
                    $0.hasPrefix(stem + "_decoded_")
                }
                for name in names {
                    decoded.1 += 1
                    let path =
                        name.dropFirst(stem.count + 9).split(separator: ".").first.map {
                            $0.replacingOccurrences(of: "_", with: ".")
                        } ?? ""
                    var context = ParseContext(limits: MailParserLimits())
                    if let part = Self.leaf(root, path),
                        let want = MailCorpus.bytes(folder.appendingPathComponent(String(name))),
                        Array(part.transferEncoding.decode(part.body, context: &context, part: path)) == want
                    {
                        decoded.0 += 1
                    } else {
                        failures.append("\(folderName)/\(name): decoded bytes")
                        if ProcessInfo.processInfo.environment["MIME4J_SHOW"] == String(name),
                            let part = Self.leaf(root, path)
                        {
                            let bytes = Array(part.transferEncoding.decode(part.body, context: &context, part: path))
                            print(
                                "DECODED \(bytes.count) \(bytes.prefix(16).map { String($0, radix: 16) }) \(bytes.suffix(16).map { String($0, radix: 16) })"
                            )
                        }
                    }
                }
            }
        }
        print(
            "mime4j: part trees \(structures)/\(trees.1) (\(MailCorpus.percent(structures, trees.1))), "
                + "dumps byte for byte \(trees.0)/\(trees.1) (\(MailCorpus.percent(trees.0, trees.1))), "
                + "decoded parts \(decoded.0)/\(decoded.1) (\(MailCorpus.percent(decoded.0, decoded.1)))"
        )
        for failure in failures { print("  differs: \(failure)") }
        #expect(Double(structures) >= 0.95 * Double(trees.1))
        #expect(Double(decoded.0) >= 0.95 * Double(decoded.1))
    }
}
