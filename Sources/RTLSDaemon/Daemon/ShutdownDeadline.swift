import Synchronization

/// When a graceful stop must give up waiting: set once when shutdown begins, read by the MQTT
/// thread while it waits for room in a full ring.
final class ShutdownDeadline: Sendable {
    private let deadlineNanos = Atomic<Int64>(Int64.max)
    private static let origin = ContinuousClock().now

    /// Starts the countdown.
    func start(timeout: Duration) {
        self.deadlineNanos.store(Self.nanos(ContinuousClock().now.advanced(by: timeout)), ordering: .relaxed)
    }

    /// `true` once the countdown has run out.
    var hasPassed: Bool { Self.nanos(ContinuousClock().now) > self.deadlineNanos.load(ordering: .relaxed) }

    private static func nanos(_ instant: ContinuousClock.Instant) -> Int64 {
        let d = instant - self.origin
        return d.components.seconds &* 1_000_000_000 &+ d.components.attoseconds / 1_000_000_000
    }
}
