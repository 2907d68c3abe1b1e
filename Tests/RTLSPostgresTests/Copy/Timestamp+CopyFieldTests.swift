import RTLSCore
import RTLSPostgres
import Testing

@Suite("Timestamp as timestamptz")
struct TimestampCopyFieldTests {
    @Test(
        "round-trips to the microsecond",
        arguments: [0, 946_684_800_000_000, 946_684_800_000_001, 1_718_900_000_123_456, -1, 4_102_444_800_000_000]
            as [Int64])
    func roundTrip(micros: Int64) throws {
        let value = Timestamp(microseconds: micros)
        let bytes = encodeField(value)
        #expect(bytes.count == 12)
        #expect(try timestamptz(try #require(try decodeSingleField(bytes))) == value)
    }

    @Test("2000-01-01T00:00:00Z is PostgreSQL's zero")
    func postgresEpoch() throws {
        // 30 years of 365 days plus 7 leap days (1972 … 1996), in seconds, from the calendar.
        let seconds = Int64(30 * 365 + 7) * 86_400
        let payload = try #require(try decodeSingleField(encodeField(Timestamp(microseconds: seconds * 1_000_000))))
        #expect(try integer(payload, as: Int64.self) == 0)
        #expect(Timestamp.postgresEpochOffsetMicroseconds == seconds * 1_000_000)
    }
}
