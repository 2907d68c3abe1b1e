import RTLSPostgres
import Testing

@Suite("CopyJSONB as jsonb")
struct CopyJSONBTests {
    @Test("is a version byte 1 then the JSON text", arguments: ["{}", #"{"zone":"OR-3","dwell_s":905}"#])
    func roundTrip(json: String) throws {
        let payload = try #require(try decodeSingleField(encodeField(CopyJSONB(json))))
        #expect(payload.first == 1)
        #expect(text(Array(payload.dropFirst())) == json)
    }
}
