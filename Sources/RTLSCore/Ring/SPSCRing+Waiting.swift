import Foundation
import Synchronization

/// Backpressure statistics of a ring.
public struct RingFullStatistics: Sendable, Equatable {
    /// How many times the producer found the ring full and had to wait.
    public var episodes: UInt64
    /// Total time the producer spent waiting for room, in nanoseconds.
    public var waitedNanoseconds: UInt64
}

extension SPSCRing {
    /// Appends one element, waiting (spin, then sleep in steps of at most 1 ms) while the ring is
    /// full, for at most `maxWait`. Time spent full is added to ``fullStatistics``.
    /// - Returns: `false` if the ring stayed full for `maxWait` (nothing was written: the caller
    ///   decides whether to wait again, spool, or fail — never to drop silently).
    /// - Important: producer thread only.
    public func push(_ element: Element, waitingUpTo maxWait: Duration) -> Bool {
        if self.push(element) { return true }
        let clock = ContinuousClock()
        let start = clock.now
        self.fullEpisodes.add(1, ordering: .relaxed)
        var spins = 0
        var pushed = false
        while true {
            if self.push(element) {
                pushed = true
                break
            }
            if clock.now - start >= maxWait { break }
            spins += 1
            if spins > 64 {
                Thread.sleep(forTimeInterval: spins > 256 ? 0.001 : 0.00005)
            }
        }
        let waited = clock.now - start
        let nanos = UInt64(waited.components.seconds) &* 1_000_000_000
            &+ UInt64(waited.components.attoseconds / 1_000_000_000)
        self.fullNanoseconds.add(nanos, ordering: .relaxed)
        return pushed
    }

    /// Waits until at least one element is queued or `maxWait` has passed.
    /// - Returns: `true` if elements are available.
    /// - Important: consumer thread only.
    public func waitForElements(upTo maxWait: Duration) -> Bool {
        if self.count > 0 { return true }
        let clock = ContinuousClock()
        let deadline = clock.now + maxWait
        var spins = 0
        while clock.now < deadline {
            if self.count > 0 { return true }
            spins += 1
            if spins > 32 { Thread.sleep(forTimeInterval: 0.0002) }
        }
        return self.count > 0
    }

    /// How often and how long the producer has waited for room.
    public var fullStatistics: RingFullStatistics {
        RingFullStatistics(
            episodes: self.fullEpisodes.load(ordering: .relaxed),
            waitedNanoseconds: self.fullNanoseconds.load(ordering: .relaxed))
    }
}
