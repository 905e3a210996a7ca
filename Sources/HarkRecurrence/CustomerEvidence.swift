import Foundation

import HarkCore
import HarkStore

extension CustomerEvidence {
    /// The evidence a mention carries, strongest first.
    public static func of(author: Author, source: SourceID, channel: Channel) -> [CustomerEvidence] {
        var evidence: [CustomerEvidence] = []
        if let address = author.address?.trimmingCharacters(in: .whitespaces).lowercased(), address.contains("@"),
            address.count <= 320
        {
            evidence.append(CustomerEvidence(kind: .address, value: address))
        }
        if var handle = author.handle?.trimmingCharacters(in: .whitespaces).lowercased() {
            while handle.hasPrefix("@") { handle.removeFirst() }
            if !handle.isEmpty, handle.count <= 200 { evidence.append(CustomerEvidence(kind: .handle, value: handle)) }
        }
        // A review or forum post names its author on that site only: a name, scoped to the source.
        if channel == .feed, evidence.isEmpty, let name = author.name?.trimmingCharacters(in: .whitespaces).lowercased(),
            !name.isEmpty, name.count <= 200
        {
            evidence.append(CustomerEvidence(kind: .author, value: "\(source.rawValue):\(name)"))
        }
        return evidence
    }
}
