import Foundation
import RTLSCore
import Synchronization
import Testing

@Suite struct SPSCRingTests {
    @Test func capacityRoundsUpToPowerOfTwo() {
        #expect(SPSCRing<Int>(minimumCapacity: 1000).capacity == 1024)
        #expect(SPSCRing<Int>(minimumCapacity: 1).capacity == 1)
    }

    @Test func fullRingRefusesAndEmptyRingReturnsNil() {
        let ring = SPSCRing<Int>(minimumCapacity: 4)
        for i in 0..<4 { #expect(ring.push(i)) }
        #expect(!ring.push(99))
        #expect(ring.count == 4)
        for i in 0..<4 { #expect(ring.pop() == i) }
        #expect(ring.pop() == nil)
    }

    @Test func drainMovesInOrderAcrossTheWrap() {
        let ring = SPSCRing<Int>(minimumCapacity: 8)
        var out: [Int] = []
        var next = 0
        for _ in 0..<10 {
            for _ in 0..<5 {
                #expect(ring.push(next))
                next += 1
            }
            _ = ring.drain(into: &out, maxCount: 5)
        }
        #expect(out == Array(0..<50))
    }

    @Test func boundedWaitGivesUpAndCountsTheTimeFull() {
        let ring = SPSCRing<Int>(minimumCapacity: 2)
        #expect(ring.push(1) && ring.push(2))
        #expect(!ring.push(3, waitingUpTo: .milliseconds(20)))
        let stats = ring.fullStatistics
        #expect(stats.episodes == 1)
        #expect(stats.waitedNanoseconds >= 20_000_000)
    }

    /// Two threads, millions of items: every item arrives once, in order.
    @Test func twoThreadsKeepOrderAndCount() async {
        let total = 3_000_000
        let ring = SPSCRing<Int>(minimumCapacity: 1024)
        let producer = Thread {
            for i in 0..<total {
                while !ring.push(i, waitingUpTo: .seconds(5)) {}
            }
        }
        producer.start()
        var expected = 0
        var outOfOrder = 0
        var batch: [Int] = []
        while expected < total {
            batch.removeAll(keepingCapacity: true)
            if ring.drain(into: &batch, maxCount: 512) == 0 {
                _ = ring.waitForElements(upTo: .milliseconds(10))
                continue
            }
            for v in batch {
                if v != expected { outOfOrder += 1 }
                expected += 1
            }
        }
        #expect(outOfOrder == 0)
        #expect(expected == total)
        #expect(ring.pop() == nil)
        #expect(ring.pushedTotal == total && ring.poppedTotal == total)
    }
}
