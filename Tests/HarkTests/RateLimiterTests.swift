import Foundation
import HarkServer
import Testing

/// The token buckets with a fixed clock: no test here depends on timing.
@Suite struct RateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func allowsTheBurstThenRefusesWithAWait() {
        let limiter = RateLimiter()
        let rate = RateLimiter.Rate(perSecond: 2, burst: 4)
        for _ in 0..<4 { #expect(limiter.acquire("a", rate: rate, now: start) == nil) }
        #expect(limiter.acquire("a", rate: rate, now: start) == 1)
        // Other keys have their own bucket.
        #expect(limiter.acquire("b", rate: rate, now: start) == nil)
        // Half a second refills one token at 2/s.
        #expect(limiter.acquire("a", rate: rate, now: start.addingTimeInterval(0.5)) == nil)
        #expect(limiter.acquire("a", rate: rate, now: start.addingTimeInterval(0.5)) != nil)
    }

    @Test func noRateMeansNoLimit() {
        let limiter = RateLimiter()
        for _ in 0..<1000 { #expect(limiter.acquire("a", rate: nil, now: start) == nil) }
    }

    @Test func manyDistinctKeysStayBounded() {
        let limiter = RateLimiter(maximumKeys: 100)
        let rate = RateLimiter.Rate(perSecond: 1, burst: 1)
        for index in 0..<10_000 { _ = limiter.acquire("k\(index)", rate: rate, now: start) }
        // Still answers, and a fresh key still gets its burst.
        #expect(limiter.acquire("fresh", rate: rate, now: start) == nil)
    }
}
