import Foundation
import Logging
import RTLSCore
@testable import RTLSDaemon
import Testing

/// Rule output logged ahead: events records round-trip, sit between readings records without
/// disturbing their numbering or ranges, survive a restart, and are handed to the sink once.
@Suite struct WriteAheadEventsTests {
    static func output(_ n: Int) -> EngineOutput {
        var out = EngineOutput()
        out.alerts.append(
            Alert(
                alertID: UInt64(1000 + n), ruleID: "pump-theft", kind: .zoneEnter, severity: .critical, state: .fired,
                time: Timestamp(microseconds: Int64(n) * 1_000), tag: TagID("tag-\(n)") ?? TagID(), asset: "PUMP-7",
                zone: "DOCK", gateway: "gw-3", method: .ble, value: n.isMultiple(of: 2) ? 12.5 : nil, threshold: nil,
                detail: "L1"))
        out.zoneEvents.append(
            ZoneEvent(
                transition: .enter, time: Timestamp(microseconds: Int64(n) * 1_000), tag: TagID("tag-\(n)") ?? TagID(),
                asset: "PUMP-7", zoneIndex: 4, zone: "DOCK", method: .rfid, gateway: "portal-1"))
        out.locations.append(
            AssetLocation(
                tag: TagID("tag-\(n)") ?? TagID(), asset: "PUMP-7", zoneIndex: n.isMultiple(of: 3) ? nil : 4,
                zone: n.isMultiple(of: 3) ? "" : "DOCK", floor: "L1", method: n.isMultiple(of: 3) ? nil : .ble,
                time: Timestamp(microseconds: Int64(n) * 1_000), gateway: "gw-3",
                since: Timestamp(microseconds: Int64(n) * 900)))
        return out
    }

    @Test func anEventsRecordRoundTrips() throws {
        let out = Self.output(4)
        var bytes: [UInt8] = []
        WriteAheadRecord.encodeEvents(out, into: &bytes)
        let length = try #require(SpoolRecord.validLength(in: bytes, at: 0))
        #expect(WriteAheadRecord.isEvents(bytes, payloadAt: SpoolRecord.headerSize))
        var back = EngineOutput()
        try WriteAheadRecord.events(in: bytes, payloadAt: SpoolRecord.headerSize, length: length, into: &back)
        #expect(back.alerts == out.alerts && back.zoneEvents == out.zoneEvents && back.locations == out.locations)
        // A damaged count is refused, not allocated.
        var bad = bytes
        bad[SpoolRecord.headerSize + 1] = 0xFF
        bad[SpoolRecord.headerSize + 4] = 0x7F
        var ignored = EngineOutput()
        #expect(throws: SpoolError.self) {
            try WriteAheadRecord.events(in: bad, payloadAt: SpoolRecord.headerSize, length: length, into: &ignored)
        }
    }

    @Test func eventsRecordsDoNotDisturbReadingsAndSurviveARestart() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var all: [Reading] = []
        do {
            let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
            for m in 0..<300 {
                try log.appendEvents(Self.output(m))
                var readings = WriteAheadLogTests.message(m)
                try log.append(&readings, messageKey: UInt64(m))
                all += readings
            }
            try log.appendEvents(Self.output(300))  // a sweep after the last message
            #expect(all.map(\.sequence) == Array(1...900))
            #expect(try WriteAheadReader(log: log).readings(in: 1...900) == all)
        }
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        #expect(log.recovered == 1...900)
        #expect(log.eventRecordsAtOpen == 301)
        #expect(log.truncatedRecords == 0)
        let events = try WriteAheadReader(log: log).eventsLoggedBefore()
        #expect(events.alerts.map(\.alertID) == (0...300).map { UInt64(1000 + $0) })
        #expect(events.locations.count == 301)
        // This run's events are not "logged before": only what the last run left.
        try log.appendEvents(Self.output(999))
        #expect(try WriteAheadReader(log: log).eventsLoggedBefore().alerts.count == 301)
        var next = WriteAheadLogTests.message(1)
        try log.append(&next, messageKey: 1)
        #expect(next.first?.sequence == 901)
    }

    @Test func aSegmentHoldingOnlyEventsIsReopenedNotReplaced() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let log = try WriteAheadLogTests.open(dir)
            try log.appendEvents(Self.output(1))
        }
        do {
            let log = try WriteAheadLogTests.open(dir)
            #expect(log.eventRecordsAtOpen == 1)
            var readings = WriteAheadLogTests.message(1)
            try log.append(&readings, messageKey: 1)
            try log.appendEvents(Self.output(2))
        }
        let log = try WriteAheadLogTests.open(dir)
        #expect(log.eventRecordsAtOpen == 2)
        #expect(log.recovered == 1...3)
        #expect(try WriteAheadReader(log: log).eventsLoggedBefore().alerts.map(\.alertID) == [1001, 1002])
    }

    @Test func recoveryHandsTheLoggedOutputToTheSinkBeforeReplaying() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let log = try WriteAheadLogTests.open(dir)
            for m in 0..<5 {
                try log.appendEvents(Self.output(m))
                var readings = WriteAheadLogTests.message(m)
                try log.append(&readings, messageKey: UInt64(m))
            }
        }
        let log = try WriteAheadLogTests.open(dir)
        let backlog = WriteAheadBacklog(log: log, batchSize: 100, logger: Logger(label: "t"), logsEvents: true)
        #expect(!backlog.isEmpty)
        let sink = FakeSink()
        sink.setAlwaysFail(true)
        #expect(throws: (any Error).self) { try backlog.prepare(using: sink, nextBatchID: { 1 }) }
        sink.setAlwaysFail(false)
        try backlog.prepare(using: sink, nextBatchID: { 1 })
        #expect(sink.recoveredEvents.count == 1)
        #expect(sink.recoveredEvents.first?.alerts.count == 5)
        // Once: a second prepare hands nothing again.
        try backlog.prepare(using: sink, nextBatchID: { 2 })
        #expect(sink.recoveredEvents.count == 1)
    }

    @Test func segmentsWaitForTheirEventsToCommit() throws {
        let dir = WriteAheadLogTests.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try WriteAheadLogTests.open(dir, segmentBytes: 16 << 10)
        let backlog = WriteAheadBacklog(log: log, batchSize: 100, logger: Logger(label: "t"), logsEvents: true)
        try backlog.prepare(using: FakeSink(), nextBatchID: { 1 })
        var stored: [Reading] = []
        for m in 0..<300 {
            try log.appendEvents(Self.output(m))
            var readings = WriteAheadLogTests.message(m)
            try log.append(&readings, messageKey: UInt64(m))
            stored += readings
        }
        let segments = WriteAheadLogTests.segments(dir).count
        #expect(segments > 3)
        // Every reading is committed, but the events were never taken: nothing may go.
        backlog.stored(stored)
        #expect(WriteAheadLogTests.segments(dir).count == segments)
        // The writer took them (checkpoint) and committed them: older segments go.
        let checkpoint = try #require(backlog.eventCheckpoint())
        backlog.eventsCommitted(upTo: checkpoint)
        #expect(WriteAheadLogTests.segments(dir).count == 1)
    }
}
