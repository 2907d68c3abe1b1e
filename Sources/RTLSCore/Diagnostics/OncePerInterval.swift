/// Whether a repeated condition's log line is due: the first time, then at most once per interval
/// (the caller counts every occurrence and puts the count in the line). Owned by one thread or lock.
public struct OncePerInterval: Sendable {
    /// The least time between two lines.
    public let interval: Duration
    private var last: ContinuousClock.Instant?

    /// Creates the clock for one line every `interval` at most (default one minute).
    public init(_ interval: Duration = .seconds(60)) {
        self.interval = interval
    }

    /// `true` (and the line counts as written now) when no line was written within the interval.
    public mutating func isDue(at now: ContinuousClock.Instant = ContinuousClock.now) -> Bool {
        if let last = self.last, now - last < self.interval { return false }
        self.last = now
        return true
    }
}
