import RTLSPostgres
import Testing

@Suite("Int16 as int2")
struct Int16CopyFieldTests {
    @Test(
        "round-trips through the binary COPY field format", arguments: [Int16.min, -1, 0, 1, 258, Int16.max] as [Int16])
    func roundTrip(value: Int16) throws {
        let bytes = encodeField(value)
        #expect(bytes.count == 4 + 2)
        let payload = try #require(try decodeSingleField(bytes))
        #expect(try integer(payload, as: Int16.self) == value)
    }

    @Test("is big-endian")
    func bigEndian() throws {
        let payload = try #require(try decodeSingleField(encodeField(Int16(1))))
        #expect(payload.last == 1)
        #expect(payload.dropLast().allSatisfy { $0 == 0 })
    }
}
