import Foundation
import Logging
import RTLSDaemon
import Testing

@Suite struct BatchIDGeneratorTests {
    @Test func idsGrowAcrossRestartsWhateverTheClockSays() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var first = BatchIDGenerator(directory: dir, logger: Logger(label: "t"))
        let a = (0..<3).map { _ in first.next() }
        #expect(a == [1, 2, 3])
        // A crash: the next run resumes above the whole reserved block, never reusing an id.
        var second = BatchIDGenerator(directory: dir, logger: Logger(label: "t"))
        let b = second.next()
        #expect(b == 1 + BatchIDGenerator.blockSize)
        var third = BatchIDGenerator(directory: dir, logger: Logger(label: "t"))
        #expect(third.next() > b)
    }

    @Test func theLedgerFloorRaisesButNeverLowers() {
        var ids = BatchIDGenerator()
        #expect(ids.next() == 1)
        ids.raise(above: 500)
        #expect(ids.next() == 501)
        ids.raise(above: 10)
        #expect(ids.next() == 502)
    }

    @Test func aBlockIsReservedOnDiskBeforeItsFirstIDIsUsed() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var ids = BatchIDGenerator(directory: dir, logger: Logger(label: "t"))
        ids.raise(above: 7 * BatchIDGenerator.blockSize)
        let id = ids.next()
        let stored = try String(contentsOfFile: dir + "/batch-id.next", encoding: .utf8)
        #expect(Int64(stored.trimmingCharacters(in: .whitespacesAndNewlines)) == id + BatchIDGenerator.blockSize)
    }
}
