import Foundation
import HarkTesting
import Testing

/// The web page in a real headless Chromium driven by Selenium (Tests/browser/inbox_flow.py): sign
/// in, filter, open a mention whose text is hostile markup (shown as text, never run), move it,
/// assign it, add a note, sign out, with a clean browser console (no CSP reports, no failed loads).
/// Needs Debian's `chromium` and `chromium-driver` (skipped without them) and a venv with Selenium,
/// which scripts/browser-env.sh makes under .build. The screenshots stay in
/// .build/test-artifacts/browser/.
@Suite struct WebBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    static let brands = "\nbrands:\n  - { name: \"Nordlys Energi\", aliases: [\"Nordlys\"] }\n"
    static let hostile =
        "<script>alert(1)</script><img src=x onerror=alert(2)> Tredje gang Nordlys sender feil faktura. Jeg går til Forbrukerrådet."
    static let steps = [
        "browser_started", "login_page", "signed_in", "inbox", "filtered", "inbox_screenshot", "mention_opened",
        "hostile_text_literal", "status_moved", "assigned", "note_added", "mention_screenshot", "customer_page", "insight_page", "report_page", "signed_out",
    ]

    @Test func inboxFlowInHeadlessChromium() async throws {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: Self.chromium), files.isExecutableFile(atPath: Self.chromedriver) else {
            print(
                "note: WebBrowserTests skipped: \(Self.chromium) or \(Self.chromedriver) is missing "
                    + "(scripts/setup-deps.sh test installs chromium and chromium-driver)")
            return
        }

        // The Python side: a venv with Selenium (made once, then only checked).
        let environment = try CommandResult.run(
            Self.root.appendingPathComponent("scripts/browser-env.sh"), [], timeout: 180)
        let python = environment.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard environment.status == 0, files.isExecutableFile(atPath: python) else {
            Issue.record(
                "scripts/browser-env.sh could not prepare the Selenium venv (exit \(environment.status)): \(environment.stderr.suffix(2000))")
            return
        }

        let d = try TestDaemon(config: TestDaemon.config() + Self.brands)
        defer { d.daemon.kill() }
        try await d.start()
        let posted = try await d.postForms(
            TestDaemon.body(id: "b1", text: Self.hostile, address: "kunde@example.no"), deliveryID: "msg_b1")
        let id = try #require(posted.json["id"] as? String, "\(posted.status) \(posted.text)")
        for (key, text) in [
            ("b2", "Jeg er litt misfornøyd med ventetiden hos Nordlys kundeservice."),
            ("b3", "Takk til Nordlys for rask og god hjelp, dere er fantastiske!"),
        ] {
            let answer = try await d.postForms(TestDaemon.body(id: key, text: text), deliveryID: "msg_\(key)")
            #expect(answer.json["id"] is String, "\(answer.status) \(answer.text)")
        }
        let seeded = try await d.api("GET", "/api/v1/mentions/\(id)")
        #expect(seeded.json["severity"] as? String == "very_dissatisfied", "\(seeded.text)")

        let artifacts = Self.root.appendingPathComponent(".build/test-artifacts/browser")
        try files.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for name in ["inbox.png", "mention.png", "insight.png", "report.png", "failure.png"] {
            try? files.removeItem(at: artifacts.appendingPathComponent(name))
        }

        let started = Date()
        let run = try CommandResult.run(
            URL(fileURLWithPath: python),
            [
                Self.root.appendingPathComponent("Tests/browser/inbox_flow.py").path,
                "--base", "http://127.0.0.1:\(d.daemon.port)", "--token", TestDaemon.tokens["ops"]!,
                "--out", artifacts.path, "--mention-id", id,
            ],
            environment: ["PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"], timeout: 180)
        print("note: the browser flow took \(String(format: "%.1f", Date().timeIntervalSince(started))) s; screenshots in \(artifacts.path)")

        let line = run.stdout.split(separator: "\n").last(where: { $0.hasPrefix("{") }).map(String.init) ?? ""
        guard let result = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            Issue.record(
                "inbox_flow.py printed no JSON (exit \(run.status)): stdout \(run.stdout.suffix(2000)) stderr \(run.stderr.suffix(3000))")
            return
        }
        let error = result["error"] as? String ?? ""
        let consoleErrors = result["console_errors"] as? [Any] ?? []
        let steps = result["steps"] as? [String] ?? []
        #expect(result["ok"] as? Bool == true, "the browser flow failed: \(error) (steps \(steps)); \(run.stderr.suffix(2000))")
        #expect(run.status == 0, "inbox_flow.py exited \(run.status)")
        #expect(consoleErrors.isEmpty, "browser console errors: \(consoleErrors)")
        let missing = Self.steps.filter { !steps.contains($0) }
        #expect(missing.isEmpty, "steps that did not pass: \(missing) (passed: \(steps))")
        for name in ["inbox.png", "mention.png"] where steps.contains(name.replacingOccurrences(of: ".png", with: "_screenshot")) {
            #expect(files.fileExists(atPath: artifacts.appendingPathComponent(name).path), "\(name) was not written")
        }

        // What the browser did is what the store holds.
        if steps.contains("note_added") {
            let after = try await d.api("GET", "/api/v1/mentions/\(id)")
            #expect(after.json["status"] as? String == "acknowledged", "\(after.text)")
            #expect(after.json["assignee"] as? String == "kari", "\(after.text)")
            #expect(after.json["notes_count"] as? Int == 1, "\(after.text)")
        }
        try await d.daemon.stop()
    }
}
