/// A steady pacer: how many readings are due now to hold `rate` per second since `start`,
/// with no catch-up burst larger than one second's worth after a stall.
struct Pacer {
    let rate: Double
    private var start: ContinuousClock.Instant
    private var sent: Double = 0
    private let clock = ContinuousClock()

    init(rate: Double) {
        self.rate = rate
        self.start = self.clock.now
    }

    /// Readings due now.
    mutating func due() -> Int {
        let elapsed = self.clock.now - self.start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return self.due(afterSeconds: seconds)
    }

    /// Readings due `seconds` after the pacer started (the arithmetic behind `due()`).
    mutating func due(afterSeconds seconds: Double) -> Int {
        var owed = seconds * self.rate - self.sent
        if owed > self.rate {
            // Stalled (the broker pushed back): forget the backlog rather than burst.
            self.sent += owed - self.rate
            owed = self.rate
        }
        return max(0, Int(owed))
    }

    /// Records readings sent.
    mutating func sent(_ n: Int) { self.sent += Double(n) }
}
