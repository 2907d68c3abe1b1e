import RTLSPostgres
import Testing

@Suite("String as text")
struct StringCopyFieldTests {
    @Test(
        "round-trips UTF-8 bytes",
        arguments: ["", "E2801160000000000000A1B2", "Station 4 – Kühlschrank ❄️", "a\"b\\c,{}"])
    func roundTrip(value: String) throws {
        let bytes = encodeField(value)
        #expect(bytes.count == 4 + value.utf8.count)
        #expect(text(try #require(try decodeSingleField(bytes))) == value)
    }
}
