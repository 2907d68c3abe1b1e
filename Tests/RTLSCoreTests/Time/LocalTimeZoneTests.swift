import Testing

@testable import RTLSCore

/// Daylight-saving time in local timestamps, on a hand-built Europe/Berlin 2026 table (the daemon
/// builds the real one from tzdata: `FacilityTimeZoneTests`).
@Suite struct LocalTimeZoneTests {
    /// CET (+01:00), CEST (+02:00) from 2026-03-29 01:00 UTC, CET again from 2026-10-25 01:00 UTC.
    static let berlin = LocalTimeZone(
        identifier: "Europe/Berlin", initialOffset: 3600,
        transitions: [(at: 1_774_746_000, offset: 7200), (at: 1_792_890_000, offset: 3600)])

    static func micros(_ utc: String) -> Int64 { Timestamp(rfc3339: utc)?.microseconds ?? -1 }

    @Test func offsetFollowsTheTransitions() {
        #expect(Self.berlin.offset(atUTC: 1_774_746_000 - 1) == 3600)
        #expect(Self.berlin.offset(atUTC: 1_774_746_000) == 7200)
        #expect(Self.berlin.offset(atUTC: 1_792_890_000 - 1) == 7200)
        #expect(Self.berlin.offset(atUTC: 1_792_890_000) == 3600)
        #expect(LocalTimeZone.fixed(seconds: -19_800).offset(atUTC: 0) == -19_800)
        #expect(LocalTimeZone.fixed(seconds: -19_800).identifier == "-05:30")
    }

    /// Local time (no offset) read in Berlin: winter +01:00, summer +02:00, the skipped hour with
    /// the offset before it, the repeated hour as the occurrence nearer the receive time.
    static let cases: [(local: String, received: String, utc: String)] = [
        ("2026-01-15T13:00:00", "2026-01-15T12:00:05Z", "2026-01-15T12:00:00Z"),
        ("2026-07-15T14:00:00", "2026-07-15T12:00:05Z", "2026-07-15T12:00:00Z"),
        ("2026-03-29T02:30:00", "2026-03-29T01:30:05Z", "2026-03-29T01:30:00Z"),  // does not exist
        ("2026-10-25T02:30:00", "2026-10-25T00:30:05Z", "2026-10-25T00:30:00Z"),  // first 02:30 (CEST)
        ("2026-10-25T02:30:00", "2026-10-25T01:30:05Z", "2026-10-25T01:30:00Z"),  // second 02:30 (CET)
    ]

    @Test(arguments: cases)
    func tasmotaLocalTimeIsDSTCorrect(_ c: (local: String, received: String, utc: String)) throws {
        let payload = Array("{\"Time\":\"\(c.local)\",\"AM2301\":{\"Temperature\":21.5}}".utf8)
        var context = DecodeContext(receivedAt: Timestamp(microseconds: Self.micros(c.received)))
        context.gatewayUTCOffsetSeconds = 3600  // ignored when the zone is set
        context.localTimeZone = Self.berlin
        var output = DecodeOutput()
        try TasmotaDecoder().decode(topic: "tele/th1/SENSOR", payload: payload, context: context, into: &output)
        #expect(output.readings.count == 1)
        #expect(output.readings.first?.time.microseconds == Self.micros(c.utc))
    }

    @Test func aTopicPatternHandsItsZoneToTheDecoder() throws {
        var pattern = try TopicPattern("tele/+gateway/SENSOR")
        pattern.localTimeZone = Self.berlin
        var context = DecodeContext(receivedAt: Timestamp(microseconds: 0))
        #expect(pattern.match("tele/th1/SENSOR", capturing: &context))
        #expect(context.localTimeZone == Self.berlin)
    }

    @Test func afterHoursMinuteFollowsSummerTime() {
        // 12:00 UTC is 13:00 in January and 14:00 in July in Berlin.
        #expect(FacilityClock.minuteOfDay(Self.micros("2026-01-15T12:00:00Z"), timeZone: Self.berlin) == 13 * 60)
        #expect(FacilityClock.minuteOfDay(Self.micros("2026-07-15T12:00:00Z"), timeZone: Self.berlin) == 14 * 60)
    }
}
