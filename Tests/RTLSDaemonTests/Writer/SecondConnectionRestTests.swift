import Foundation
import Logging
import RTLSCore
import Synchronization
import Testing

@testable import RTLSDaemon

/// `[writer] connections = 2` with a second connection that keeps failing. Not in the
/// ThreadSanitizer filter (scripts/test.sh): the test appends to the write-ahead log while the writer
/// releases segments, both under the log's `Mutex`, which TSan cannot see (Swift's `Mutex` uses futexes
/// directly) and reports as a race; the hand-over itself is covered there by `WriterLoopInFlightTests`.
@Suite struct SecondConnectionRestTests {
    /// A second connection that keeps failing (the server refuses one more session) rests after its
    /// first failure: live batches go on the first connection, each stored once, instead of every
    /// other batch failing, being parked and replayed.
    @Test func aSecondConnectionThatKeepsFailingRests() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (loop, ring, log, first, second, stats) = try WriterLoopInFlightTests.harness(dir)
        second.failNext(1_000)
        var all: [Reading] = []
        let done = WriteAheadBacklogTests.run(loop)
        // Twenty rounds of five batches, each round stored before the next arrives.
        for _ in 0..<20 {
            all += try WriteAheadBacklogTests.fill(log, messages: 50, ring: ring)
            WriteAheadBacklogTests.waitUntil { stats.readingsWritten.load(ordering: .relaxed) == UInt64(all.count) }
        }
        loop.requestStop(timeout: .seconds(10))
        WriteAheadBacklogTests.waitUntil { done.isSet }
        #expect(done.isSet)
        #expect(first.ledger.batches.flatMap(\.rows).sorted { $0.sequence < $1.sequence } == all)
        #expect(second.writeCount == 1)
        #expect(stats.writeFailures.load(ordering: .relaxed) == 1)
        #expect(first.writeCount >= 100)
    }
}
