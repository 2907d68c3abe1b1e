import RTLSPostgres
import Testing

@Suite("Float as float4")
struct FloatCopyFieldTests {
    @Test(
        "round-trips bit for bit",
        arguments: [
            0, -0.0, 1, -73.5, .pi, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            .infinity, -.infinity,
        ] as [Float])
    func roundTrip(value: Float) throws {
        let bytes = encodeField(value)
        #expect(bytes.count == 8)
        let decoded = try float4(try #require(try decodeSingleField(bytes)))
        #expect(decoded.bitPattern == value.bitPattern)
    }

    @Test("keeps NaN a NaN")
    func nan() throws {
        #expect(try float4(try #require(try decodeSingleField(encodeField(Float.nan)))).isNaN)
    }
}
