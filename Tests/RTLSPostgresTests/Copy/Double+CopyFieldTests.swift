import RTLSPostgres
import Testing

@Suite("Double as float8")
struct DoubleCopyFieldTests {
    @Test(
        "round-trips bit for bit",
        arguments: [
            0, -0.0, 52.520008, -13.404954, 1e-300, .greatestFiniteMagnitude,
            -.infinity,
        ] as [Double])
    func roundTrip(value: Double) throws {
        let bytes = encodeField(value)
        #expect(bytes.count == 12)
        let decoded = try float8(try #require(try decodeSingleField(bytes)))
        #expect(decoded.bitPattern == value.bitPattern)
    }
}
