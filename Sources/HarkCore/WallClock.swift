import Foundation

/// Where the time comes from. Pure code never reads the clock itself; tests pass a fixed one.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
