import Foundation
import Synchronization

/// Token buckets keyed by a string (a source, an address, a token), with a bounded number of keys.
public final class RateLimiter: Sendable {
    /// Requests per second and burst size; `nil` rate means unlimited.
    public struct Rate: Sendable, Hashable {
        public var perSecond: Double
        public var burst: Double

        public init(perSecond: Double, burst: Double) {
            self.perSecond = perSecond
            self.burst = max(burst, 1)
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let maximumKeys: Int

    public init(maximumKeys: Int = 100_000) {
        self.maximumKeys = maximumKeys
    }

    /// Takes one token for `key`. Returns `nil` when allowed, else the seconds to wait.
    public func acquire(_ key: String, rate: Rate?, now: Date) -> Int? {
        guard let rate, rate.perSecond > 0 else { return nil }
        return buckets.withLock { buckets in
            if buckets.count >= maximumKeys, buckets[key] == nil {
                // Drop full (idle) buckets first; under a flood of distinct keys, start over.
                buckets = buckets.filter { now.timeIntervalSince($0.value.updated) * rate.perSecond < rate.burst }
                if buckets.count >= maximumKeys { buckets.removeAll(keepingCapacity: true) }
            }
            var bucket = buckets[key] ?? Bucket(tokens: rate.burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(rate.burst, bucket.tokens + elapsed * rate.perSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                return nil
            }
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / rate.perSecond).rounded(.up)))
        }
    }
}
