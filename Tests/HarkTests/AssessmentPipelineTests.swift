import Foundation
import HarkTesting
import Testing

/// Every mention is assessed before its transaction commits (issue 5): a webhook drop comes back
/// from the API with its language, verdict, category, brand and cues.
@Suite struct AssessmentPipelineTests {
    @Test func aWebhookComplaintIsStoredAssessed() async throws {
        let d = try TestDaemon(
            config: TestDaemon.config() + "\nbrands:\n  - { name: \"Nordlys Energi\", aliases: [\"Nordlys\"], exclude: [\"nordlys over\"] }\n")
        defer { d.daemon.kill() }
        try await d.start()
        let complaint = TestDaemon.body(
            id: "n-1",
            text: "Tredje gang denne måneden at strømmen hos Nordlys er borte, og ingen svarer på telefonen. Jeg bytter leverandør.")
        let praise = TestDaemon.body(id: "n-2", text: "Takk til Nordlys for rask hjelp i går, alt fungerer nå!")
        for (body, id) in [(complaint, "n-1"), (praise, "n-2")] {
            let answer = try await d.postForms(body, deliveryID: "msg_\(id)")
            #expect(answer.status == 202, "\(answer.text)")
        }
        let page = try await d.api("GET", "/api/v1/mentions?limit=10")
        let items = try #require(
            (try JSONSerialization.jsonObject(with: page.body) as? [String: Any])?["items"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: items.compactMap { item in (item["external_id"] as? String).map { ($0, item) } })
        let angry = try #require(byID["n-1"])
        #expect(angry["language"] as? String == "no")
        #expect(angry["complaint"] as? Bool == true)
        #expect(angry["severity"] as? String == "very_dissatisfied")
        #expect((angry["brands"] as? [String]) == ["Nordlys Energi"])
        #expect(((angry["cues"] as? [String]) ?? []).isEmpty == false)
        let happy = try #require(byID["n-2"])
        #expect(happy["complaint"] as? Bool == false)
        #expect(happy["severity"] as? String == "none")
        _ = try await d.daemon.stop()
    }

    @Test func reassessAppliesANewBrandToStoredMentions() async throws {
        let d = try TestDaemon()
        defer { d.daemon.kill() }
        try await d.start()
        let body = TestDaemon.body(id: "r-1", text: "Fakturaen fra Nordlys er feil for tredje gang. Jeg klager til Forbrukerrådet.")
        #expect(try await d.postForms(body, deliveryID: "msg_r1").status == 202)
        _ = try await d.daemon.stop()
        func stored() throws -> [String: Any] {
            let line = try d.daemon.command(["export", "--format", "jsonl", "--config", d.daemon.configPath]).stdout
            return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(try stored()["brands"] as? [String] == [])
        #expect(try stored()["complaint"] as? Bool == true)

        try d.daemon.writeConfig(
            TestDaemon.config() + "\nbrands:\n  - { name: \"Nordlys Energi\", aliases: [\"Nordlys\"] }\n")
        let first = try d.daemon.command(["reassess", "--config", d.daemon.configPath])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("reassessed 1 mentions; 1 changed"), "\(first.stdout)")
        #expect(try stored()["brands"] as? [String] == ["Nordlys Energi"])
        // Nothing changes the second time.
        let second = try d.daemon.command(["reassess", "--config", d.daemon.configPath])
        #expect(second.stdout.contains("reassessed 1 mentions; 0 changed"), "\(second.stdout)")
    }
}
