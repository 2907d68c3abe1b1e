import RTLSCore
import RTLSPostgres
import Testing

@Suite("InlineString as text")
struct InlineStringCopyFieldTests {
    @Test("round-trips and matches the String encoding", arguments: ["", "AC:23:3F:A1:B2:C3", "Raum 2.014 Ü"])
    func roundTrip(value: String) throws {
        let inline = try #require(TagID(value))
        let bytes = encodeField(inline)
        #expect(bytes == encodeField(value))
        #expect(text(try #require(try decodeSingleField(bytes))) == value)
    }
}
