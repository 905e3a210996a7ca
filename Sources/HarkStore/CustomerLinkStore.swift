import Foundation
import HarkCore

/// People's say over customers: recurrence links mentions by evidence, and a person who knows
/// better merges two customers into one or splits mentions off into a customer of their own.
/// Each change is audited, and the evidence it moves is `manual`: it outlives a rebuild of
/// recurrence, so the next mention with it lands where the person put it.
public protocol CustomerLinkStore: Sendable {
    /// Moves every mention and every piece of evidence of customer `from` to customer `into`;
    /// `from` becomes an alias of `into` (a link to it shows `into`).
    /// - Throws: ``HarkError`` `.notFound` when either customer is unknown, `.invalidInput` when
    ///   they are the same.
    func mergeCustomer(_ from: String, into: String, by actor: ChangeActor, at now: Date) async throws

    /// Moves `mentions` of customer `id` to a new customer, with the evidence that only they carry
    /// (evidence the remaining mentions carry too stays). Returns the new customer's id.
    /// - Throws: ``HarkError`` `.notFound` when the customer is unknown, `.invalidInput` when a
    ///   mention is not theirs or every mention would leave.
    func splitCustomer(_ id: String, mentions: [MentionID], by actor: ChangeActor, at now: Date) async throws -> String
}

extension CustomerLinkStore {
    /// The id of the customer split off `id` with `mentions`: derived, so a split retried after a
    /// lost answer names the same customer.
    public static func splitCustomerID(from id: String, mentions: [MentionID]) -> String {
        "cus_" + DedupKey.derive(["split", id] + mentions.map(\.rawValue).sorted()).digest.prefix(24)
    }
}

/// The bookkeeping of a split, for stores that read the customer's mentions one by one: which of
/// them leave, and the evidence that moves with them.
public struct CustomerSplit: Sendable {
    /// The ids of the mentions that leave.
    public let leaving: Set<String>
    private var found = 0
    private var remaining = 0
    private var going: Set<CustomerEvidence> = []
    private var staying: Set<CustomerEvidence> = []

    /// - Throws: ``HarkError`` `.invalidInput` when `mentions` is empty.
    public init(mentions: [MentionID]) throws {
        leaving = Set(mentions.map(\.rawValue))
        guard !leaving.isEmpty else { throw HarkError(.invalidInput, "name at least one mention to split off") }
    }

    /// Counts one of the customer's mentions on the side it goes to.
    public mutating func add(mention id: String, author: Author, source: SourceID, channel: Channel) {
        let evidence = CustomerEvidence.of(author: author, source: source, channel: channel)
        if leaving.contains(id) {
            found += 1
            going.formUnion(evidence)
        } else {
            remaining += 1
            staying.formUnion(evidence)
        }
    }

    /// The evidence that moves to the new customer: what the leaving mentions carry and the
    /// remaining ones do not.
    /// - Throws: ``HarkError`` `.invalidInput` when a named mention is not the customer's, or every
    ///   mention would leave.
    public func movingEvidence() throws -> Set<CustomerEvidence> {
        guard found == leaving.count else {
            throw HarkError(.invalidInput, "\(leaving.count - found) of the mentions are not this customer's")
        }
        guard remaining > 0 else { throw HarkError(.invalidInput, "every mention would leave: nothing to split") }
        return going.subtracting(staying)
    }
}
