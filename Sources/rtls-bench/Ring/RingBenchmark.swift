import Foundation
import RTLSCore
import Synchronization

/// Producer→consumer throughput of ``SPSCRing`` against ``MutexQueue`` on two threads, in one run.
///
/// The producer pushes `items` ``Reading`` values (a fresh `time` each, so nothing is hoisted);
/// the consumer drains in batches of at most 5,000 (the writer's batch) and sums the times, which
/// it checks at the end so neither side can be optimised away. Both use the production wait policy.
enum RingBenchmark {
    /// Runs `rounds` alternating rounds of both queues and returns printable figures (best round each).
    static func run(items: Int, capacity: Int, rounds: Int) -> String {
        var ringRates: [Double] = []
        var mutexRates: [Double] = []
        for _ in 0..<rounds {
            ringRates.append(Self.measureRing(items: items, capacity: capacity))
            mutexRates.append(Self.measureMutex(items: items, capacity: capacity))
        }
        let ring = ringRates.max() ?? 0
        let mutex = mutexRates.max() ?? 0
        return """
            ring: \(Figures.grouped(Double(items))) Readings (\(MemoryLayout<Reading>.stride) bytes each), \
            capacity \(capacity), 2 threads, best of \(rounds)
              SPSCRing<Reading>:      \(Figures.grouped(ring)) items/s  (rounds: \(Self.list(ringRates)))
              Mutex<[Reading]> swap:  \(Figures.grouped(mutex)) items/s  (rounds: \(Self.list(mutexRates)))
              ratio ring/mutex:       \(Figures.decimal(ring / max(mutex, 1), 2))x
            """
    }

    private static func list(_ rates: [Double]) -> String {
        rates.map { Figures.grouped($0) }.joined(separator: ", ")
    }

    private static func template() -> Reading {
        var r = Reading(
            time: Timestamp(microseconds: 0), receivedAt: Timestamp(microseconds: 0), kind: .ble,
            tag: "ac233f000311", gateway: "gw-0311")
        r.rssi = -61
        r.battery = 80
        return r
    }

    private static func expectedSum(_ items: Int) -> Int64 { Int64(items) * Int64(items - 1) / 2 }

    private static func measureRing(items: Int, capacity: Int) -> Double {
        let ring = SPSCRing<Reading>(minimumCapacity: capacity)
        let template = Self.template()
        let elapsed = Self.timeTwoThreads(
            producer: {
                var r = template
                for i in 0..<items {
                    r.time = Timestamp(microseconds: Int64(i))
                    while !ring.push(r, waitingUpTo: .seconds(1)) {}
                }
            },
            consumer: {
                var buffer: [Reading] = []
                buffer.reserveCapacity(5_000)
                var seen = 0
                var sum: Int64 = 0
                while seen < items {
                    let n = ring.drain(into: &buffer, maxCount: 5_000)
                    if n == 0 {
                        _ = ring.waitForElements(upTo: .milliseconds(5))
                        continue
                    }
                    for r in buffer { sum &+= r.time.microseconds }
                    seen += n
                    buffer.removeAll(keepingCapacity: true)
                }
                return sum
            })
        guard elapsed.sum == Self.expectedSum(items) else { return 0 }
        return Double(items) / elapsed.seconds
    }

    private static func measureMutex(items: Int, capacity: Int) -> Double {
        let queue = MutexQueue<Reading>(capacity: capacity)
        let template = Self.template()
        let elapsed = Self.timeTwoThreads(
            producer: {
                var r = template
                for i in 0..<items {
                    r.time = Timestamp(microseconds: Int64(i))
                    queue.push(r)
                }
            },
            consumer: {
                var buffer: [Reading] = []
                buffer.reserveCapacity(capacity)
                var seen = 0
                var sum: Int64 = 0
                while seen < items {
                    let n = queue.drain(swapping: &buffer)
                    if n == 0 {
                        queue.waitForElements(upTo: .milliseconds(5))
                        continue
                    }
                    for r in buffer { sum &+= r.time.microseconds }
                    seen += n
                    buffer.removeAll(keepingCapacity: true)
                }
                return sum
            })
        guard elapsed.sum == Self.expectedSum(items) else { return 0 }
        return Double(items) / elapsed.seconds
    }

    /// Starts the consumer and the producer on their own threads and waits for both.
    private static func timeTwoThreads(
        producer: @escaping @Sendable () -> Void, consumer: @escaping @Sendable () -> Int64
    ) -> (seconds: Double, sum: Int64) {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Int64>(0)
        let clock = ContinuousClock()
        let start = clock.now
        let consumerThread = Thread {
            let sum = consumer()
            result.withLock { $0 = sum }
            done.signal()
        }
        let producerThread = Thread {
            producer()
            done.signal()
        }
        consumerThread.start()
        producerThread.start()
        done.wait()
        done.wait()
        return (Figures.seconds(clock.now - start), result.withLock { $0 })
    }
}
