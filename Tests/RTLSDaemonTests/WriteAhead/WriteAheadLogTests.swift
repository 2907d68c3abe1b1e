import Foundation
import Logging
import RTLSCore
import Synchronization
@testable import RTLSDaemon
import Testing

@Suite struct WriteAheadLogTests {
    static func tempDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rtlsd-wal-\(UUID().uuidString)").path
    }

    static func message(_ m: Int, readings: Int = 3) -> [Reading] {
        (0..<readings).map { i in
            var r = Reading(
                time: Timestamp(microseconds: Int64(m * 100 + i)), receivedAt: Timestamp(microseconds: Int64(m)),
                kind: .ble, tag: TagID("tag-\(m)-\(i)") ?? TagID(), gateway: GatewayID("gw-\(m % 7)") ?? GatewayID())
            r.rssi = Float(-40 - i)
            return r
        }
    }

    static func segments(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".log") }.sorted()
    }

    static func open(_ dir: String, segmentBytes: Int64 = 64 << 20, maxBytes: Int64 = 1 << 30) throws -> WriteAheadLog {
        try WriteAheadLog(
            configuration: SpoolConfiguration(
                directory: dir, maxBytes: maxBytes, segmentBytes: segmentBytes, sync: .interval(.milliseconds(100))),
            logger: Logger(label: "t"))
    }

    @Test func numbersReadingsInOrderAndReadsAnyRangeBack() throws {
        let dir = Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, segmentBytes: 16 << 10)
        var all: [Reading] = []
        for m in 0..<400 {
            var readings = Self.message(m)
            try log.append(&readings, messageKey: UInt64(m))
            all += readings
        }
        #expect(all.map(\.sequence) == Array(1...1200))
        #expect(Self.segments(dir).count > 3)
        let reader = WriteAheadReader(log: log)
        // Ascending ranges (the cursor path), a range inside one record, one spanning segments.
        #expect(try reader.readings(in: 1...1) == [all[0]])
        #expect(try reader.readings(in: 2...500) == Array(all[1..<500]))
        #expect(try reader.readings(in: 501...1200) == Array(all[500..<1200]))
        // Going back starts the segment again.
        #expect(try reader.readings(in: 5...6) == Array(all[4..<6]))
        #expect(try reader.readings(in: 1199...1500) == Array(all[1198..<1200]))
    }

    @Test func reopenReportsTheLastRunAndCarriesNumberingOn() throws {
        let dir = Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let id: Int64
        do {
            let log = try Self.open(dir)
            id = log.id
            #expect(log.recovered == nil)
            for m in 0..<10 {
                var readings = Self.message(m)
                try log.append(&readings, messageKey: 1000 + UInt64(m))
            }
        }
        let log = try Self.open(dir)
        #expect(log.id == id)
        #expect(log.recovered == 1...30)
        #expect(log.firstSequenceOfRun == 31)
        #expect(log.recentMessages.map(\.key) == (1000..<1010).map(UInt64.init))
        #expect(log.recentMessages.map(\.receivedAt.microseconds) == Array(0..<10))
        var readings = Self.message(99)
        try log.append(&readings, messageKey: 1)
        #expect(readings.map(\.sequence) == [31, 32, 33])
    }

    @Test func tornTailIsTruncatedAndItsNumbersReused() throws {
        let dir = Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let log = try Self.open(dir)
            for m in 0..<5 {
                var readings = Self.message(m)
                try log.append(&readings, messageKey: UInt64(m))
            }
        }
        let file = dir + "/" + (Self.segments(dir).last ?? "")
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: [0x40, 0, 0, 0, 1, 2, 3, 4, 5])  // a header promising 64 bytes, then EOF
        try handle.close()
        let log = try Self.open(dir)
        #expect(log.truncatedRecords == 1)
        #expect(log.recovered == 1...15)
        #expect(log.firstSequenceOfRun == 16)
        let reader = WriteAheadReader(log: log)
        #expect(try reader.readings(in: 1...100).count == 15)
    }

    @Test func releaseDeletesCommittedSegmentsButNeverTheNewest() throws {
        let dir = Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, segmentBytes: 16 << 10)
        for m in 0..<300 {
            var readings = Self.message(m)
            try log.append(&readings, messageKey: UInt64(m))
        }
        let before = Self.segments(dir).count
        let bytesBefore = log.bytes
        #expect(log.release(below: 1) == 0)
        #expect(log.release(below: 450) > 0)
        #expect(Self.segments(dir).count < before)
        #expect(log.bytes < bytesBefore)
        let reader = WriteAheadReader(log: log)
        #expect(try reader.readings(in: 450...900).map(\.sequence) == Array(450...900))
        log.release(below: .max)
        #expect(Self.segments(dir).count == 1)
        // Numbering survives a restart with only the newest segment left.
        let reopened = try Self.open(dir)
        #expect(reopened.firstSequenceOfRun == 901)
        let onDisk = Self.segments(dir).reduce(Int64(0)) { total, name in
            total + Int64((try? FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.size] as? Int) ?? 0)
        }
        #expect(reopened.bytes == onDisk)
    }

    @Test func fullLogRefusesWithoutNumbering() throws {
        let dir = Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try Self.open(dir, segmentBytes: 16 << 10, maxBytes: 64 << 10)
        var refused = 0
        for m in 0..<2000 {
            var readings = Self.message(m)
            do {
                try log.append(&readings, messageKey: UInt64(m))
            } catch {
                #expect(error.code == .full)
                #expect(readings.allSatisfy { $0.sequence == 0 })
                refused += 1
            }
        }
        #expect(refused > 0)
        #expect(log.bytes <= 64 << 10)
        // Once released, appends continue with the next unused number.
        log.release(below: .max)
        var readings = Self.message(1)
        try log.append(&readings, messageKey: 1)
        #expect(readings[0].sequence == UInt64(3 * (2000 - refused)) + 1)
    }

    @Test func intervalSyncerRunsOffTheAppendingThread() throws {
        let dir = Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let syncer = WriteAheadSyncer(directory: dir, interval: .milliseconds(10))
        defer { syncer.stop() }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir + "/a", contents: Data([1, 2, 3])))
        syncer.rolled(to: dir + "/a", closed: dir + "/gone")
        let before = syncer.passes.load(ordering: .relaxed)
        let deadline = Date().addingTimeInterval(10)
        while syncer.passes.load(ordering: .relaxed) < before + 2, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        // Passes go on with a missing (released) segment in the list.
        #expect(syncer.passes.load(ordering: .relaxed) >= before + 2)
    }

    @Test func gapsAndChunks() {
        #expect(SequenceRanges.gaps(in: 1...100, excluding: []) == [1...100])
        #expect(SequenceRanges.gaps(in: 1...100, excluding: [1...100]) == [])
        #expect(SequenceRanges.gaps(in: 10...100, excluding: [1...20, 30...39, 95...200]) == [21...29, 40...94])
        #expect(SequenceRanges.gaps(in: 10...100, excluding: [50...60, 40...55]) == [10...39, 61...100])
        #expect(SequenceRanges.gaps(in: 1...10, excluding: [11...20]) == [1...10])
        #expect(SequenceRanges.chunks([1...10, 21...25], size: 4) == [1...4, 5...8, 9...10, 21...24, 25...25])
        #expect(SequenceRanges.chunks([7...7], size: 100) == [7...7])
    }

    @Test func aCleanStopIsRememberedOnce() throws {
        let dir = Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let log = try Self.open(dir)
            #expect(!log.lastRunStoppedCleanly)
            var readings = Self.message(1)
            try log.append(&readings, messageKey: 1)
            log.markCleanStop()
        }
        #expect(try Self.open(dir).lastRunStoppedCleanly)
        // The marker is consumed: a crash of the next run is not taken for a clean stop.
        #expect(try !Self.open(dir).lastRunStoppedCleanly)
    }
}
