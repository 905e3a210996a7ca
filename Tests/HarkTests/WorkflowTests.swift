import Foundation
import HarkCore
import Testing

/// The complaint workflow: which status moves are allowed and how a refused one is reported.
@Suite struct WorkflowTests {
    /// The transition table of the issue, written out independently of the implementation.
    static let allowed: [InboxStatus: [InboxStatus]] = [
        .new: [.acknowledged, .inProgress, .dismissed],
        .acknowledged: [.inProgress, .resolved, .dismissed],
        .inProgress: [.resolved, .dismissed],
        .resolved: [.followedUp, .closed, .reopened],
        .followedUp: [.closed, .reopened],
        .closed: [.reopened],
        .reopened: [.acknowledged, .inProgress, .resolved, .dismissed],
        .dismissed: [.reopened],
    ]

    @Test func rawValuesAreStable() {
        #expect(InboxStatus.allCases.map(\.rawValue) == [
            "new", "acknowledged", "in_progress", "resolved", "followed_up", "closed", "reopened", "dismissed",
        ])
    }

    @Test func codableUsesRawValues() throws {
        let data = try JSONEncoder().encode([InboxStatus.inProgress, .followedUp])
        #expect(String(decoding: data, as: UTF8.self) == #"["in_progress","followed_up"]"#)
        let decoded = try JSONDecoder().decode([InboxStatus].self, from: Data(#"["reopened","closed"]"#.utf8))
        #expect(decoded == [.reopened, .closed])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([InboxStatus].self, from: Data(#"["inProgress"]"#.utf8))
        }
    }

    @Test(arguments: InboxStatus.allCases)
    func allowedNextMatchesTheTable(status: InboxStatus) {
        #expect(status.allowedNext == Self.allowed[status])
        #expect(!status.allowedNext.contains(status))
        #expect(Set(status.allowedNext).count == status.allowedNext.count)
    }

    @Test(arguments: InboxStatus.allCases, InboxStatus.allCases)
    func everyTransition(from: InboxStatus, to: InboxStatus) throws {
        let expected = from == to || (Self.allowed[from] ?? []).contains(to)
        #expect(from.canMove(to: to) == expected)
        if expected {
            #expect(try from.moving(to: to) == to)
        } else {
            let error = #expect(throws: HarkError.self) { try from.moving(to: to) }
            #expect(error?.code == .conflict)
            let allowedList = (Self.allowed[from] ?? []).map(\.rawValue).joined(separator: ", ")
            let expectedMessage =
                "cannot move a mention from \(from.rawValue) to \(to.rawValue); allowed: \(allowedList)"
            #expect(error?.message == expectedMessage)
        }
    }

    @Test func refusedMoveMessageNamesBothStatusesAndTheAllowedOnes() {
        let error = #expect(throws: HarkError.self) { try InboxStatus.resolved.moving(to: .new) }
        #expect(error?.code == .conflict)
        #expect(error?.message == "cannot move a mention from resolved to new; allowed: followed_up, closed, reopened")
        let other = #expect(throws: HarkError.self) { try InboxStatus.closed.moving(to: .inProgress) }
        #expect(other?.message == "cannot move a mention from closed to in_progress; allowed: reopened")
    }

    @Test(arguments: InboxStatus.allCases)
    func movingToTheSameStatusIsANoOp(status: InboxStatus) throws {
        #expect(status.canMove(to: status))
        #expect(try status.moving(to: status) == status)
    }

    @Test func nothingMovesBackToNew() {
        for status in InboxStatus.allCases where status != .new {
            #expect(!status.canMove(to: .new))
        }
    }

    @Test func everyStatusIsReachableFromNewAndCanBeReopenedOrClosed() {
        var reached: Set<InboxStatus> = [.new]
        var queue: [InboxStatus] = [.new]
        while let status = queue.popLast() {
            for next in status.allowedNext where reached.insert(next).inserted { queue.append(next) }
        }
        #expect(reached == Set(InboxStatus.allCases))
        // No dead end: from everywhere a mention can get back into the workflow.
        for status in InboxStatus.allCases { #expect(!status.allowedNext.isEmpty) }
    }

    @Test func aTypicalLifeCycle() throws {
        var status = InboxStatus.new
        for next: InboxStatus in [.acknowledged, .inProgress, .resolved, .followedUp, .reopened, .resolved, .closed] {
            status = try status.moving(to: next)
        }
        #expect(status == .closed)
        #expect(try status.moving(to: .reopened).moving(to: .dismissed) == .dismissed)
    }

    @Test(arguments: InboxStatus.allCases)
    func awaitsResponseOnlyWhenNewOrReopened(status: InboxStatus) {
        #expect(status.awaitsResponse == (status == .new || status == .reopened))
    }

    @Test(arguments: InboxStatus.allCases)
    func activeUnlessClosedOrDismissed(status: InboxStatus) {
        #expect(status.isActive == !(status == .closed || status == .dismissed))
    }
}
