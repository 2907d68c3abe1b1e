/// rtlsd's own QR/barcode scan format (`rtls-qr`): a scanner at a known place reads an asset's code.
///
/// ```json
/// {"scanner": "qr-ward3-01", "code": "ASSET-00042", "ts": "2026-11-23T11:59:58Z", "zone": "ward-3"}
/// ```
///
/// One object or an array. `code` (≤ 64 bytes) and `ts` (RFC 3339 or epoch) are required; `scanner`
/// falls back to the topic's `+gateway`, `zone` to the topic's `+zone`. Each scan is a `qr` reading: a
/// location fix at the zone (or, without one, at wherever the scanner is mapped).
public struct RTLSQRDecoder: BatchItemDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "rtls-qr"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let scanner: JSONKey = "scanner"
        static let code: JSONKey = "code"
        static let ts: JSONKey = "ts"
        static let zone: JSONKey = "zone"
    }

    /// One scan (``BatchItemDecoder``).
    static func item(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        guard let device = try tape.timestamp(Key.ts, in: item) else { throw .missing("ts") }
        guard let code: TagID = try tape.string(Key.code, in: item), !code.isEmpty else { throw .missing("code") }
        var flags = ReadingFlags()
        var r = Reading(
            time: context.checkedTime(device, flags: &flags), receivedAt: context.receivedAt, kind: .qr, tag: code,
            gateway: try tape.string(Key.scanner, in: item) ?? context.topicGateway)
        r.flags = flags
        r.zone = try tape.string(Key.zone, in: item) ?? context.topicZone
        output.readings.append(r)
    }
}
