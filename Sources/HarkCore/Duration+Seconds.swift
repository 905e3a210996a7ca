extension Duration {
    /// The duration in seconds, as Foundation's `TimeInterval` counts time.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
