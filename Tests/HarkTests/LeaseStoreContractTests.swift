import Foundation
import HarkCore
import HarkStore
import HarkStorePostgres
import HarkTesting
import Testing

/// Leases through every store: one holder at a time, renewals keep it, a lapsed lease goes to the
/// next claimant, only the holder releases it. Times are the real clock, which PostgreSQL's leases
/// follow (the database server's clock); a lease claimed until "now" has lapsed by the next claim.
@Suite struct LeaseStoreContractTests {
    static let source = LeaseName.source(SourceID("reviews")!)

    /// Within ten seconds: PostgreSQL reports its own clock's times on the caller's clock, shifted by
    /// the round trip, which a loaded machine stretches to seconds; the leases compared differ by
    /// far more.
    static func close(_ a: Date, _ b: Date) -> Bool { abs(a.timeIntervalSince(b)) < 10 }

    @Test(arguments: StoreKind.allCases)
    func oneHolderAtATimeUntilItLapses(kind: StoreKind) async throws {
        let store = try await kind.make()
        // Leases of an hour: on a loaded machine the steps below can take longer than a short lease,
        // and a lapsed lease is rightly taken afresh.
        let start = Date()
        let first = try await store.claimLease(Self.source, owner: "a", until: start.addingTimeInterval(3600), at: start)
        #expect(first.owner == "a" && first.isHeld(by: "a", at: start))
        #expect(Self.close(first.expiresAt, start.addingTimeInterval(3600)))

        // Held: another instance's claim leaves it and says who holds it.
        let now = Date()
        let refused = try await store.claimLease(Self.source, owner: "b", until: now.addingTimeInterval(30), at: now)
        #expect(refused.owner == "a" && !refused.isHeld(by: "b", at: now))

        // A renewal moves the expiry and keeps when it was first taken. The stored time is compared,
        // not the report: PostgreSQL shifts a report onto the caller's clock by the round trip of
        // that claim, which a loaded machine stretches to seconds.
        let stored = try await store.leases().first?.acquiredAt
        let later = Date()
        let renewed = try await store.claimLease(Self.source, owner: "a", until: later.addingTimeInterval(7200), at: later)
        #expect(renewed.owner == "a")
        #expect(try await store.leases().first?.acquiredAt == stored)
        #expect(Self.close(renewed.expiresAt, later.addingTimeInterval(7200)))

        // Someone else's release is no release; the holder's is.
        try await store.releaseLease(Self.source, owner: "b")
        #expect(try await store.leases().map(\.owner) == ["a"])
        try await store.releaseLease(Self.source, owner: "a")
        #expect(try await store.leases().isEmpty)
        let free = Date()
        #expect(try await store.claimLease(Self.source, owner: "b", until: free.addingTimeInterval(30), at: free).owner == "b")
    }

    @Test(arguments: StoreKind.allCases)
    func aLapsedLeaseGoesToTheNextClaimant(kind: StoreKind) async throws {
        let store = try await kind.make()
        // Claimed until the moment it was claimed: lapsed at once, as a dead holder's lease is.
        let dead = Date()
        _ = try await store.claimLease(Self.source, owner: "a", until: dead, at: dead)
        let now = Date()
        let taken = try await store.claimLease(Self.source, owner: "b", until: now.addingTimeInterval(30), at: now)
        #expect(taken.owner == "b" && taken.isHeld(by: "b", at: now))
        #expect(Self.close(taken.acquiredAt, now), "a new holder's lease starts when it took it")

        // Leases of sources by source id, jobs' beside them.
        let job = LeaseName.job("outbox")
        _ = try await store.claimLease(job, owner: "a", until: now.addingTimeInterval(30), at: now)
        #expect(try await store.leases().map(\.name) == [job, Self.source])
        #expect(try await store.sourceLeases()[SourceID("reviews")!]?.owner == "b")
    }

    @Test(arguments: StoreKind.allCases)
    func namesAndOwnersAreChecked(kind: StoreKind) async throws {
        let store = try await kind.make()
        let now = Date()
        for (name, owner) in [("", "a"), (Self.source, ""), (String(repeating: "x", count: 201), "a"), ("job:\u{0}", "a"),
            (Self.source, "a\nb")]
        {
            await #expect(throws: HarkError.self) {
                try await store.claimLease(name, owner: owner, until: now.addingTimeInterval(30), at: now)
            }
        }
        #expect(try await store.leases().isEmpty)
    }

    /// Instances on machines whose clocks disagree: an instance an hour ahead still finds the lease
    /// held, because PostgreSQL compares expiries on its own clock.
    @Test func aSkewedClockDoesNotTakeAPostgresLease() async throws {
        let store = try await PostgresTestServer.freshStore()
        defer { store.close() }
        let now = Date()
        _ = try await store.claimLease(Self.source, owner: "a", until: now.addingTimeInterval(600), at: now)
        let ahead = Date().addingTimeInterval(3600)
        let seen = try await store.claimLease(Self.source, owner: "b", until: ahead.addingTimeInterval(30), at: ahead)
        #expect(seen.owner == "a")
        // On b's clock, an hour ahead; the two claims' round trips may differ by seconds when loaded.
        #expect(abs(seen.expiresAt.timeIntervalSince(now.addingTimeInterval(4200))) < 60, "reported on the caller's clock")
        #expect(try await store.leases().map(\.owner) == ["a"])
    }
}
