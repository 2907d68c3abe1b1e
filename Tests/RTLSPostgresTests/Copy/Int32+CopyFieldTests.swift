import RTLSPostgres
import Testing

@Suite("Int32 as int4")
struct Int32CopyFieldTests {
    @Test(
        "round-trips through the binary COPY field format",
        arguments: [Int32.min, -70_000, -1, 0, 1, 16_909_060, Int32.max] as [Int32])
    func roundTrip(value: Int32) throws {
        let bytes = encodeField(value)
        #expect(bytes.count == 4 + 4)
        let payload = try #require(try decodeSingleField(bytes))
        #expect(try integer(payload, as: Int32.self) == value)
    }

    @Test("is big-endian")
    func bigEndian() throws {
        let payload = try #require(try decodeSingleField(encodeField(Int32(1))))
        #expect(payload.last == 1)
        #expect(payload.dropLast().allSatisfy { $0 == 0 })
    }
}
