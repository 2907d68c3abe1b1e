// Zebra FX7500 / FX9600 / ATR7000 readers running the IoT Connector (`zebra-fx`).
//
// Sources checked (search tool, "pages"/"code"/"docs"):
// - Zebra IoT Connector documentation, https://zebradevs.github.io/rfid-ziotc-docs/ — tag data events
//   (`type` SIMPLE, `timestamp`, `data` with `idHex`, `antenna`, `peakRssi`, `eventNum`, `format`, `reads`,
//   and with tag metadata enabled `channel`, `phase`, `PC`, `CRC`, `seenCount`); RSSI is in dBm and
//   antenna ports start at 1. Batching ("Data Batching") publishes an array of such events.
// - ZebraDevs/RFID_ZIOTC_Examples and ZebraDevs/RFID-IoTConnector-MQTT-dotnet-DockDoorSample (reader
//   name carried by the MQTT topic the endpoint is configured with).
// The reader's own timestamp is ISO 8601 with a numeric offset (`2021-05-27T18:59:51.521-0700`).

/// Decodes Zebra IoT Connector tag data events: one object or a batched array.
///
/// The reader is identified by the topic (`zebra/+gateway/data`); tag id is the upper-cased `idHex`.
/// Events without `data.idHex` (other event types on the same topic) are rejected as `unsupportedEvent`.
public struct ZebraFXDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "zebra-fx"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let type: JSONKey = "type"
        static let timestamp: JSONKey = "timestamp"
        static let data: JSONKey = "data"
        static let idHex: JSONKey = "idHex"
        static let antenna: JSONKey = "antenna"
        static let peakRssi: JSONKey = "peakRssi"
        static let userDefined: JSONKey = "userDefined"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            try BatchWalker.each(tape, into: &output) { (tape, item, output) throws(DecodeError) in
                let r = try Self.reading(tape, item, context, &output)
                output.readings.append(r)
            }
        }
    }

    static func reading(
        _ tape: borrowing JSONTape, _ event: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) -> Reading {
        guard let data = tape.presentField(Key.data, in: event), tape.kind(data) == .object,
            tape.presentField(Key.idHex, in: data) != nil
        else {
            throw DecodeError(.unsupportedEvent, field: "data.idHex", detail: "event carries no tag read")
        }
        var flags = ReadingFlags()
        let time: Timestamp
        if let device = try tape.timestamp(Key.timestamp, in: event) {
            time = context.checkedTime(device, flags: &flags)
        } else {
            time = context.receivedAt
            flags.insert(.receiveTime)
        }
        do throws(DecodeError) {
            guard let id: TagID = try tape.string(Key.idHex, in: data), !id.isEmpty else { throw .missing("idHex") }
            var r = Reading(
                time: time, receivedAt: context.receivedAt, kind: .rfid, tag: id.uppercasedASCII(),
                gateway: context.topicGateway)
            r.flags = flags
            r.zone = context.topicZone
            if let v = output.field(tape, Key.peakRssi, in: data, FieldPolicy.rssi) { r.rssi = Float(v) }
            if let v = output.field(tape, Key.antenna, in: data, FieldPolicy.antenna) { r.antenna = Int16(v) }
            return r
        } catch {
            throw error.within("data")
        }
    }
}
