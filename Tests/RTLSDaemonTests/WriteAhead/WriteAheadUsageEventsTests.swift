import RTLSCore
@testable import RTLSDaemon
import Testing

/// Usage sessions and alert actions in events records: they round-trip, and a record without them is
/// byte-for-byte the format before they existed (so older records still read, and older rtlsd reads ours).
@Suite struct WriteAheadUsageEventsTests {
    static func decode(_ bytes: [UInt8]) throws -> EngineOutput {
        let length = try #require(SpoolRecord.validLength(in: bytes, at: 0))
        var back = EngineOutput()
        try WriteAheadRecord.events(in: bytes, payloadAt: SpoolRecord.headerSize, length: length, into: &back)
        return back
    }

    @Test func sessionsAndActionsRoundTrip() throws {
        var out = WriteAheadEventsTests.output(2)
        out.usage.append(
            UsageSession(
                tag: "pump1", asset: "PUMP-1", assetClass: "pump", ruleID: "pump-power", signal: .power,
                start: Timestamp(microseconds: 100), end: Timestamp(microseconds: 400), zone: "WARD"))
        out.usage.append(
            UsageSession(
                tag: "wc1", asset: "", ruleID: "motion", signal: .motion, start: Timestamp(microseconds: 5),
                end: Timestamp(microseconds: 6), zone: ""))
        out.alertActions.append(
            AlertAction(kind: .acknowledged, time: Timestamp(microseconds: 7), actor: "nurse-7", alert: out.alerts[0]))
        out.alertActions.append(AlertAction(kind: .escalated, time: Timestamp(microseconds: 8), alert: out.alerts[0]))
        var bytes: [UInt8] = []
        WriteAheadRecord.encodeEvents(out, into: &bytes)
        let back = try Self.decode(bytes)
        #expect(back.usage == out.usage && back.alertActions == out.alertActions && back.alerts == out.alerts)
        #expect(back.locations == out.locations)
    }

    @Test func aRecordWithoutThemKeepsTheOlderFormat() throws {
        let out = WriteAheadEventsTests.output(3)
        var bytes: [UInt8] = []
        WriteAheadRecord.encodeEvents(out, into: &bytes)
        var withAction = out
        withAction.alertActions.append(AlertAction(kind: .escalated, time: Timestamp(microseconds: 8), alert: out.alerts[0]))
        var longer: [UInt8] = []
        WriteAheadRecord.encodeEvents(withAction, into: &longer)
        // The older format ends after the locations: the new one only appends.
        #expect(Array(longer[SpoolRecord.headerSize..<bytes.count]) == Array(bytes[SpoolRecord.headerSize...]))
        #expect(try Self.decode(bytes).usage.isEmpty)
    }
}
