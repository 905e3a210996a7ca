import Foundation
import HarkFeeds
import Testing

/// SimplePie's item cases for title, description, date, permalink and id. SimplePie returns HTML,
/// Hark text: the expected value is compared as the text it shows. At least 95% must pass.
@Suite struct FeedSimplePieConformanceTests {
    @Test func itemTitleDescriptionDatePermalinkAndID() throws {
        guard let root = FeedConformance.folder("simplepie") else { return }
        var tally = ConformanceTally(name: "simplepie")
        let providers = [
            "getTitleDataProvider", "getDescriptionDataProvider", "getDateDataProvider", "getPermalinkDataProvider",
            "getIdDataProvider",
        ]
        for row in try FeedConformance.jsonLines(root.appendingPathComponent("item_cases.jsonl")) {
            guard row["class"] as? String == "Item", let provider = row["provider"] as? String,
                providers.contains(provider), let document = row["feed"] as? String
            else { continue }
            let name = "\(provider) \(row["case"] as? String ?? "?")"
            let expected = row["expected"]
            if expected is [String: Any] {
                tally.skip("the expectation is PHP code")
                continue
            }
            guard let feed = try? FeedParser.parse(Data(document.utf8), options: FeedParseOptions()),
                let item = feed.items.first
            else {
                tally.failures.append("\(name): no item")
                continue
            }
            switch provider {
            case "getTitleDataProvider":
                let want = (expected as? String).map(FeedConformance.plainText)
                tally.check(
                    item.title.map(FeedConformance.collapsed) == want,
                    "\(name): \(item.title ?? "nil") != \(want ?? "nil")")
            case "getDescriptionDataProvider":
                let want = (expected as? String).map(FeedConformance.plainText) ?? ""
                tally.check(FeedConformance.collapsed(item.text) == want, "\(name): \(item.text) != \(want)")
            case "getDateDataProvider":
                let date = item.published ?? item.updated
                let got: String? = date.map { date in
                    (row["extra_args"] as? [Any])?.first as? String == "Y-m-d"
                        ? String(date.formatted(.iso8601.year().month().day()))
                        : String(Int(date.timeIntervalSince1970))
                }
                let want = (expected as? Int).map(String.init) ?? expected as? String
                tally.check(got == want, "\(name): \(got ?? "nil") != \(want ?? "nil")")
            case "getPermalinkDataProvider":
                tally.check(item.link == expected as? String, "\(name): \(item.link ?? "nil") != \(expected ?? "nil")")
            default:
                tally.check(item.id == expected as? String, "\(name): \(item.id ?? "nil") != \(expected ?? "nil")")
            }
        }
        tally.report()
        #expect(tally.checked > 250)
        #expect(tally.rate >= 0.95)
    }
}
