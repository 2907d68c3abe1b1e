import RTLSPostgres
import Testing

@Suite("Bool as boolean")
struct BoolCopyFieldTests {
    @Test("round-trips as one byte", arguments: [true, false])
    func roundTrip(value: Bool) throws {
        let payload = try #require(try decodeSingleField(encodeField(value)))
        #expect(payload.count == 1)
        #expect((payload[0] != 0) == value)
    }
}
