/// iBeacon tag ids from JSON fields: `uuid-major-minor`, lower-case UUID with dashes (the same id the raw
/// advertisement parser produces, so one beacon has one id whichever gateway reports it).
enum IBeaconID {
    /// Builds the id from a UUID string value (with or without dashes, any case) and major/minor.
    ///
    /// - Throws: `wrongType` at `uuidField` when the UUID is not 32 hex digits, `outOfRange` for major/minor.
    static func make(_ tape: JSONTape, uuid: JSONValue, uuidField: String, major: Int64, minor: Int64)
        throws(DecodeError) -> TagID
    {
        guard let range = tape.rawStringRange(uuid) else {
            throw DecodeError(.wrongType, field: uuidField, detail: "is not a UUID string")
        }
        var id = TagID()
        var digits = 0
        for k in range where tape.bytes[k] != UInt8(ascii: "-") {
            guard let v = hexValue(tape.bytes[k]), digits < 32 else {
                throw DecodeError(.wrongType, field: uuidField, detail: "is not a UUID")
            }
            if digits == 8 || digits == 12 || digits == 16 || digits == 20 { id.append(UInt8(ascii: "-")) }
            id.append(v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + v - 10)
            digits += 1
        }
        guard digits == 32 else { throw DecodeError(.wrongType, field: uuidField, detail: "is not 32 hex digits") }
        guard (0...65535).contains(major), (0...65535).contains(minor) else {
            throw DecodeError(.outOfRange, field: uuidField, detail: "major/minor outside 0…65535")
        }
        id.append(UInt8(ascii: "-"))
        id.append(decimal: Int(major))
        id.append(UInt8(ascii: "-"))
        id.append(decimal: Int(minor))
        return id
    }
}
