/// A `jsonb` field: the JSON text, written in jsonb's binary format (a version byte `1`, then the text).
///
/// The text must already be valid JSON; the server parses it and fails the COPY otherwise
/// (SQLSTATE 22P02). Alerts' `details` column uses it.
public struct CopyJSONB: CopyField, Sendable, Hashable {
    /// The JSON document as text.
    public var json: String

    /// Wraps JSON text.
    public init(_ json: String) { self.json = json }

    public func appendCopyField(to buffer: inout [UInt8]) {
        let utf8 = self.json.utf8
        buffer.appendBigEndian(Int32(truncatingIfNeeded: utf8.count + 1))
        buffer.append(1)  // jsonb binary format version
        buffer.append(contentsOf: utf8)
    }
}
