import RTLSPostgres
import Testing

@Suite("Int64 as int8")
struct Int64CopyFieldTests {
    @Test(
        "round-trips through the binary COPY field format",
        arguments: [Int64.min, -1, 0, 1, 72_623_859_790_382_856, Int64.max] as [Int64])
    func roundTrip(value: Int64) throws {
        let bytes = encodeField(value)
        #expect(bytes.count == 4 + 8)
        let payload = try #require(try decodeSingleField(bytes))
        #expect(try integer(payload, as: Int64.self) == value)
    }

    @Test("is big-endian")
    func bigEndian() throws {
        let payload = try #require(try decodeSingleField(encodeField(Int64(1))))
        #expect(payload.last == 1)
        #expect(payload.dropLast().allSatisfy { $0 == 0 })
    }
}
