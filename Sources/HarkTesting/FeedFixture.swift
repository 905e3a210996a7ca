import Foundation

/// Feed documents for tests, written from values.
public enum FeedFixture {
    public struct Item: Sendable, Hashable {
        public var guid: String?
        public var title: String
        public var link: String?
        public var text: String
        public var date: Date?

        public init(guid: String?, title: String, link: String?, text: String, date: Date? = nil) {
            self.guid = guid
            self.title = title
            self.link = link
            self.text = text
            self.date = date
        }
    }

    /// An RSS 2.0 document with `items`, in that order.
    public static func rss(_ items: [Item], title: String = "Reviews") -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>\(escape(title))</title><link>https://shop.example/</link>
            <description>Reviews of the shop</description>
            """
        for item in items {
            xml += "<item><title>\(escape(item.title))</title>"
            if let guid = item.guid { xml += "<guid isPermaLink=\"false\">\(escape(guid))</guid>" }
            if let link = item.link { xml += "<link>\(escape(link))</link>" }
            if let date = item.date { xml += "<pubDate>\(rfc822(date))</pubDate>" }
            xml += "<description>\(escape(item.text))</description></item>\n"
        }
        return xml + "</channel></rss>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
