/// rtlsd's own documented JSON format (`rtls-json`). Placeholder until the scanner lands.
public struct RTLSJSONDecoder: ReadingDecoder {
    public static let id = "rtls-json"
    public init() {}
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        throw DecodeError(.notJSON, detail: "not implemented yet")
    }
}
