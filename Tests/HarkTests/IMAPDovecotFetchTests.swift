import Foundation
import HarkMail
import HarkTesting
import Testing

/// Fetching from a real Dovecot: batches byte-exact and without `\Seen`, large messages, size
/// caps, folder names, `UIDVALIDITY` after a folder is recreated, and the opt-in changes.
@Suite(.enabled(if: Dovecot.isInstalled, "\(Dovecot.missingReason)"))
struct IMAPDovecotFetchTests {
    @Test func fetchesTwoHundredMessagesInBatchesByteExactWithoutSettingSeen() async throws {
        try await IMAPTest.withDovecot { dovecot in
            let messages = (1...200).map { IMAPTest.message($0, padding: $0 * 37 % 3000, messageID: $0 % 7 != 0) }
            try await dovecot.append(messages)
            try await dovecot.append(IMAPTest.message(201), flags: ["\\Seen"])
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot))
            let status = try await connection.select(.inbox)
            #expect(status.exists == 201)
            let uids = try await connection.uidSearch(from: 1)
            #expect(uids == Array(1...201))
            var fetched: [IMAPMessage] = []
            for start in stride(from: 0, to: 200, by: 50) {
                let batch = try await connection.uidFetch(IMAPSequenceSet(uids[start..<(start + 50)]))
                #expect(batch.tooLarge.isEmpty && batch.deferred.isEmpty)
                #expect(batch.messages.count == 50)
                fetched += batch.messages
            }
            #expect(fetched.map(\.uid) == Array(1...200))
            #expect(fetched.map(\.raw) == messages, "every message byte for byte")
            #expect(fetched.allSatisfy { $0.size == $0.raw.count })
            #expect(fetched.allSatisfy { abs(($0.internalDate ?? .distantPast).timeIntervalSinceNow) < 600 })
            // Neither Dovecot nor the client itself sees \Seen on what was fetched.
            let flags = try await dovecot.flags()
            #expect((1...200).allSatisfy { flags[$0]?.contains("\\Seen") == false })
            #expect(flags[201]?.contains("\\Seen") == true)
            let seen = try await connection.uidFlags(IMAPSequenceSet(1...201))
            #expect(seen.filter { $0.value.contains("\\Seen") }.keys.sorted() == [201])
            #expect(try await connection.uidSearch(from: 150, through: 152) == [150, 151, 152])
            #expect(try await connection.uidSearch(from: 500).isEmpty, "n:* never returns the last UID below n")
            await connection.logout()
        }
    }

    @Test func fetchesAFiveMegabyteMessageAndReportsOnesOverTheCap() async throws {
        try await IMAPTest.withDovecot { dovecot in
            let large = IMAPTest.message(1, padding: 5_000_000)
            let medium = IMAPTest.message(2, padding: 1_500_000)
            try await dovecot.append([large, medium, IMAPTest.message(3), IMAPTest.message(4)])
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot, security: .tls))
            _ = try await connection.select(.inbox)
            let whole = try await connection.uidFetch(IMAPSequenceSet(1...4))
            #expect(whole.messages.map(\.raw) == [large, medium, IMAPTest.message(3), IMAPTest.message(4)])
            await connection.logout()

            var limits = IMAPLimits()
            limits.maximumLiteralSize = 2_000_000
            limits.maximumBatchBytes = medium.count + 100
            let capped = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot, limits: limits))
            _ = try await capped.select(.inbox)
            let first = try await capped.uidFetch(IMAPSequenceSet(1...4))
            #expect(first.tooLarge.map(\.uid) == [1])
            #expect(first.tooLarge.first?.size == large.count)
            #expect(first.messages.map(\.uid) == [2], "the 1.5 MB message leaves less than a message of budget")
            #expect(first.deferred == [3, 4])
            #expect(first.highestCompleteUID == 2)
            let second = try await capped.uidFetch(IMAPSequenceSet(first.deferred))
            #expect(second.messages.map(\.raw) == [IMAPTest.message(3), IMAPTest.message(4)])
            await capped.logout()
        }
    }

    static let awkwardNames = ["Ærø", "Kunder \"VIP\"", "x*y%z", "Support & Drift", "Входящие", "日本語 😀", "a\\b"]

    @Test(arguments: awkwardNames)
    func selectsAndFetchesFromFoldersWithAwkwardNames(_ name: String) async throws {
        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.createMailbox(name)
            try await dovecot.append(IMAPTest.message(1), to: name)
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot))
            let status = try await connection.select(try IMAPMailboxName(name))
            #expect(status.exists == 1)
            #expect(status.uidValidity == (try await dovecot.uidValidity(name)))
            let batch = try await connection.uidFetch(IMAPSequenceSet([1]))
            #expect(batch.messages.first?.raw == IMAPTest.message(1))
            await connection.logout()
        }
    }

    @Test func aDeletedAndRecreatedFolderHasANewUIDValidity() async throws {
        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.createMailbox("Klager")
            try await dovecot.append((1...3).map { IMAPTest.message($0) }, to: "Klager")
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot))
            let mailbox = try IMAPMailboxName("Klager")
            let before = try await connection.select(mailbox)
            _ = try await connection.select(.inbox)
            try await dovecot.deleteMailbox("Klager")
            try await dovecot.createMailbox("Klager")
            try await dovecot.append((1...3).map { IMAPTest.message($0) }, to: "Klager")
            let error = await IMAPTest.error {
                try await connection.select(mailbox, expectedUIDValidity: before.uidValidity)
            }
            #expect(error?.code == .uidValidityChanged, "\(String(describing: error))")
            let after = try await connection.select(mailbox)
            #expect(after.uidValidity != before.uidValidity)
            #expect(after.exists == 3)
            await connection.logout()
        }
    }

    @Test func marksSeenAndMovesOnlyWhenAskedAndOnlyReadWrite() async throws {
        try await IMAPTest.withDovecot { dovecot in
            try await dovecot.createMailbox("Behandlet")
            try await dovecot.append((1...4).map { IMAPTest.message($0) })
            let connection = try await IMAPConnection.connect(try IMAPTest.configuration(dovecot))
            _ = try await connection.select(.inbox)
            let readOnly = await IMAPTest.error { try await connection.markSeen(IMAPSequenceSet([1])) }
            #expect(readOnly?.code == .invalidArgument, "EXAMINE'd mailboxes are never changed")
            _ = try await connection.select(.inbox, readOnly: false)
            try await connection.markSeen(IMAPSequenceSet([1, 2]))
            try await connection.move(IMAPSequenceSet([2, 3]), to: try IMAPMailboxName("Behandlet"))
            let missing = await IMAPTest.error {
                try await connection.move(IMAPSequenceSet([4]), to: try IMAPMailboxName("Nope"))
            }
            #expect(missing?.code == .mailboxMissing, "\(String(describing: missing))")
            let inbox = try await dovecot.flags()
            #expect(inbox.keys.sorted() == [1, 4])
            #expect(inbox[1]?.contains("\\Seen") == true)
            #expect(inbox[4]?.contains("\\Seen") == false)
            let moved = try await dovecot.flags("Behandlet")
            #expect(moved.count == 2)
            #expect(moved.values.filter { $0.contains("\\Seen") }.count == 1)
            await connection.logout()
        }
    }
}
