import Foundation
import HarkStore

/// Is a count of complaints out of the ordinary? A Poisson test against the mean of a baseline:
/// a **spike** is a day whose count the baseline makes very unlikely; a **rise** is a week well
/// above the baseline's rate. Counts are small and bursty, so a floor on the baseline rate keeps
/// a first complaint in a quiet category from being news, and a minimum count applies.
public struct TrendTest: Sendable, Hashable {
    /// A day is a spike when P(X ≥ count) under the baseline is below this.
    public var spikeProbability = 0.001
    /// A week is rising when P(X ≥ count) is below this and the rate is at least `riseRatio` times the baseline's.
    public var riseProbability = 0.01
    public var riseRatio = 1.5
    /// Fewer complaints than this are never a spike or a rise.
    public var minimumCount = 3
    /// The lowest daily rate a baseline is taken to have.
    public var rateFloor = 0.2

    public init() {}

    /// The verdict for a series of daily counts, oldest first: the last day against the days
    /// before it (spike), the last seven against the rest (rise).
    public func verdict(daily: [Int]) -> TrendVerdict {
        guard let today = daily.last, daily.count >= 8 else { return .flat }
        let before = daily.dropLast()
        let rate = max(rateFloor, Double(before.reduce(0, +)) / Double(before.count))
        if today >= minimumCount, Self.upperTail(today, mean: rate) < spikeProbability { return .spike }
        let week = daily.suffix(7).reduce(0, +)
        let earlier = daily.dropLast(7)
        guard !earlier.isEmpty else { return .flat }
        let earlierRate = max(rateFloor, Double(earlier.reduce(0, +)) / Double(earlier.count))
        if week >= minimumCount, Double(week) >= riseRatio * 7 * earlierRate,
            Self.upperTail(week, mean: 7 * earlierRate) < riseProbability
        {
            return .rising
        }
        return .flat
    }

    /// The daily rate the last day of `daily` is measured against.
    public func baseline(daily: [Int]) -> Double {
        let before = daily.dropLast()
        guard !before.isEmpty else { return rateFloor }
        return max(rateFloor, Double(before.reduce(0, +)) / Double(before.count))
    }

    /// P(X ≥ k) for X ~ Poisson(mean), summed in log space (stable for large k and mean).
    public static func upperTail(_ k: Int, mean: Double) -> Double {
        guard k > 0 else { return 1 }
        guard mean > 0 else { return 0 }
        // 1 - P(X < k), with P(X = i) built up term by term.
        var term = exp(-mean)
        var below = 0.0
        for i in 0..<k {
            if i > 0 { term *= mean / Double(i) }
            below += term
        }
        if below < 0.999 { return max(0, 1 - below) }
        // Close to 1: sum the upper terms directly for precision.
        var upper = 0.0
        var t = term * mean / Double(k)
        var i = k
        while t > 1e-300 && i < k + 10_000 {
            upper += t
            i += 1
            t *= mean / Double(i)
        }
        return upper
    }
}
