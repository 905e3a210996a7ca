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
