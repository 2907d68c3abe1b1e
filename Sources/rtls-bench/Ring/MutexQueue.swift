import Foundation
import Synchronization

/// The baseline the ring is measured against: a bounded `[Element]` behind a `Mutex`, with the
/// same interface and the same wait policy as ``SPSCRing`` (spin, then sleep 50 µs / 1 ms when
/// full; spin, then sleep 200 µs when empty). The consumer swaps the whole array out under the
/// lock, the cheapest a mutex queue can be drained.
final class MutexQueue<Element: Sendable>: Sendable {
    private let storage: Mutex<[Element]>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        var initial: [Element] = []
        initial.reserveCapacity(capacity)
        self.storage = Mutex(initial)
    }

    /// Appends `element`, waiting while the queue holds `capacity` elements.
    func push(_ element: Element) {
        var spins = 0
        while true {
            let pushed = self.storage.withLock { queue -> Bool in
                guard queue.count < self.capacity else { return false }
                queue.append(element)
                return true
            }
            if pushed { return }
            spins += 1
            if spins > 64 { Thread.sleep(forTimeInterval: spins > 256 ? 0.001 : 0.00005) }
        }
    }

    /// Moves everything queued into `buffer` (which must be empty) by swapping arrays.
    /// - Returns: how many elements were moved.
    func drain(swapping buffer: inout [Element]) -> Int {
        self.storage.withLock { queue in swap(&queue, &buffer) }
        return buffer.count
    }

    /// Waits up to `maxWait` for an element.
    func waitForElements(upTo maxWait: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + maxWait
        var spins = 0
        while clock.now < deadline {
            if self.storage.withLock({ !$0.isEmpty }) { return }
            spins += 1
            if spins > 32 { Thread.sleep(forTimeInterval: 0.0002) }
        }
    }
}
