import Testing

@testable import RTLSCore

@Suite struct TimestampParserTests {
    static let rfc3339: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("2026-11-23T12:00:00Z", 1_795_435_200_000_000),
        ("2026-11-23t12:00:00z", 1_795_435_200_000_000),
        ("2026-11-23 12:00:00Z", 1_795_435_200_000_000),
        ("2026-11-23T14:00:00+02:00", 1_795_435_200_000_000),
        ("2026-11-23T07:30:00-0430", 1_795_435_200_000_000),
        ("2026-11-23T12:00:00.5Z", 1_795_435_200_500_000),
        ("2026-11-23T12:00:00.123456789Z", 1_795_435_200_123_456),
        ("2026-11-23T12:00:00.000001Z", 1_795_435_200_000_001),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000_000),
        ("2016-12-31T23:59:60Z", 1_483_228_799_000_000),
        ("1969-12-31T23:59:59Z", -1_000_000),
    ]

    @Test(arguments: rfc3339)
    func parsesRFC3339(_ text: String, _ micros: Int64) {
        #expect(Timestamp(rfc3339: text)?.microseconds == micros)
    }

    static let invalid: [String] = [
        "", "2026-11-23", "2026-11-23T12:00Z", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T12:60:00Z", "2026-11-23T12:00:00.Z", "2026-11-23T12:00:00+2:00",
        "2026-11-23T12:00:00Zjunk", "2026-11-23X12:00:00Z", "26-11-23T12:00:00Z", "2026-11-23T12:00:00",
    ]

    @Test(arguments: invalid)
    func rejectsInvalidRFC3339(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func missingOffsetUsesTheGatewayOffset() {
        #expect(
            Timestamp(rfc3339: "2026-11-23T13:00:00", defaultUTCOffsetSeconds: 3600)?.microseconds
                == 1_795_435_200_000_000)
        #expect(Timestamp(rfc3339: "2026-11-23T12:00:00", defaultUTCOffsetSeconds: 0)?.microseconds == 1_795_435_200_000_000)
    }

    static let epochs: [(Int64, Int64)] = [
        (1_795_435_200, 1_795_435_200_000_000),  // seconds
        (1_795_435_200_123, 1_795_435_200_123_000),  // milliseconds
        (1_795_435_200_123_456, 1_795_435_200_123_456),  // microseconds
        (1_795_435_200_123_456_789, 1_795_435_200_123_456),  // nanoseconds
        (0, 0),
        (99_999_999_999, 99_999_999_999_000_000),  // largest seconds value (year 5138)
        (100_000_000_000, 100_000_000_000_000),  // smallest milliseconds value (1973)
    ]

    @Test(arguments: epochs)
    func epochUnitFollowsMagnitude(_ value: Int64, _ micros: Int64) {
        #expect(TimestampParser.epoch(integer: value)?.microseconds == micros)
        #expect(TimestampParser.epoch(Double(value))?.microseconds.distance(to: micros).magnitude ?? 1000 < 1000)
    }

    @Test func rejectsNegativeAndNonFiniteEpochs() {
        #expect(TimestampParser.epoch(integer: -1) == nil)
        #expect(TimestampParser.epoch(-1.5) == nil)
        #expect(TimestampParser.epoch(.nan) == nil)
        #expect(TimestampParser.epoch(.infinity) == nil)
    }

    static let tapeForms: [(String, Int64?)] = [
        (#"{"t": 1795435200.25}"#, 1_795_435_200_250_000),
        (#"{"t": "1795435200"}"#, 1_795_435_200_000_000),
        (#"{"t": "1795435200.5"}"#, 1_795_435_200_500_000),
        (#"{"t": "1795435200123456789"}"#, 1_795_435_200_123_456),
        (#"{"t": "2026-11-23T12:00:00Z"}"#, 1_795_435_200_000_000),
        (#"{"t": "12:00"}"#, nil), (#"{"t": "1.2.3"}"#, nil), (#"{"t": -5}"#, nil), (#"{"t": true}"#, nil),
    ]

    @Test(arguments: tapeForms)
    func readsEveryFormFromTheTape(_ text: String, _ micros: Int64?) throws {
        var tape = JSONTape()
        try tape.parse(Array(text.utf8))
        let parsed: Timestamp?? = try? tape.timestamp("t", in: tape.root)
        #expect(parsed?.map(\.microseconds) == micros)
    }

    @Test(arguments: [Int64(0), 1_795_435_200_123_456, 951_782_400_000_001, -86_400_000_001])
    func formattingRoundTrips(_ micros: Int64) {
        let t = Timestamp(microseconds: micros)
        #expect(Timestamp(rfc3339: t.rfc3339) == t)
    }

    @Test func skewedDeviceTimeBecomesReceiveTime() {
        let context = DecodeContext(receivedAt: Timestamp(microseconds: 1_000_000_000))
        var flags = ReadingFlags()
        #expect(context.checkedTime(Timestamp(microseconds: 1_000_000_000 + 301_000_000), flags: &flags) == context.receivedAt)
        #expect(flags.contains(.clockSkewed))
        var ok = ReadingFlags()
        #expect(context.checkedTime(Timestamp(microseconds: 1_000_000_000 + 1_000_000), flags: &ok).microseconds == 1_001_000_000)
        #expect(ok.isEmpty)
    }
}
