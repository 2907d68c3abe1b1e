// Zebra FX7500 / FX9600 / ATR7000 readers running the IoT Connector (`zebra-fx`).
//
// Sources checked (search tool, "pages"/"code"/"docs"):
// - Zebra IoT Connector documentation, https://zebradevs.github.io/rfid-ziotc-docs/ — tag data events
//   (`type` SIMPLE, `timestamp`, `data` with `idHex`, `antenna`, `peakRssi`, `eventNum`, `format`, `reads`,
//   and with tag metadata enabled `channel`, `phase`, `PC`, `CRC`, `seenCount`); RSSI is in dBm and
//   antenna ports start at 1. Batching ("Data Batching") publishes an array of such events.
// - The same documentation's "TagStorage Settings Tutorial" (migration/RFIDAPI3/tagstorage.html) gives the
//   units of the tag metadata: RSSI in dBm (peak since the last report), PHASE in degrees, CHANNEL in MHz,
//   SEEN_COUNT the times the tag was inventoried since its previous report; PC/XPC/CRC/EPC/TID/USER are hex.
// - ZebraDevs/RFID_ZIOTC_Examples and ZebraDevs/RFID-IoTConnector-MQTT-dotnet-DockDoorSample (reader
//   name carried by the MQTT topic the endpoint is configured with).
// The reader's own timestamp is ISO 8601 with a numeric offset (`2021-05-27T18:59:51.521-0700`).

/// Decodes Zebra IoT Connector tag data events: one object or a batched array.
///
/// The reader is identified by the topic (`zebra/+gateway/data`); tag id is the upper-cased `idHex`.
/// `peakRssi` and `antenna` are columns; `channel` (MHz), `phase` (degrees), `reads` and `seenCount` become
/// ``RFIDMetric`` rows; `TID` (the TagStorage metadata's TID bank, hex) is stored as the tag's identifier (an
/// identifier reading, ``TagIdentifierScheme/tid``, written to `tag_identifiers`). `eventNum` (a sequence
/// number, not a quantity) and the hex words `PC`, `XPC`, `CRC`, `USER` are not stored (README "zebra-fx"). Events without `data.idHex` (other event types on the
/// same topic) are rejected as `unsupportedEvent`.
public struct ZebraFXDecoder: BatchItemDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "zebra-fx"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let timestamp: JSONKey = "timestamp"
        static let data: JSONKey = "data"
        static let idHex = JSONKey("idHex", slot: 0)
        static let antenna = JSONKey("antenna", slot: 1)
        static let peakRssi = JSONKey("peakRssi", slot: 2)
        static let channel = JSONKey("channel", slot: 3)
        static let phase = JSONKey("phase", slot: 4)
        static let reads = JSONKey("reads", slot: 5)
        static let seenCount = JSONKey("seenCount", slot: 6)
        static let tid = JSONKey("TID", slot: 7)
        /// The keys of `data` the decoder reads, found in one walk.
        static let dataFields = JSONKeySet([idHex, antenna, peakRssi, channel, phase, reads, seenCount, tid])
    }

    /// `channel` bounds in MHz: not negative; 10 GHz is far above any RAIN (860–960 MHz) channel.
    static let channelMHz: ClosedRange<Double> = 0...10_000
    /// `reads` / `seenCount` bounds: a count is never negative.
    static let count: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude

    /// One item of the payload (``BatchItemDecoder``).
    static func item(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        try Self.event(tape, item, context, &output)
    }

    /// Appends one event's tag read, its metric rows and its TID (an identifier reading).
    ///
    /// - Throws: `unsupportedEvent` without `data.idHex`, `badTimestamp`, or `data.idHex`'s error.
    static func event(
        _ tape: borrowing JSONTape, _ event: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        guard let data = tape.presentField(Key.data, in: event), tape.kind(data) == .object else {
            throw DecodeError(.unsupportedEvent, field: "data.idHex", detail: "event carries no tag read")
        }
        let fields = JSONFields(tape, data, Key.dataFields)
        guard fields.present(Key.idHex) != nil else {
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
            guard let id: TagID = try tape.string(Key.idHex, in: fields), !id.isEmpty else { throw .missing("idHex") }
            var r = Reading(
                time: time, receivedAt: context.receivedAt, kind: .rfid, tag: id.uppercasedASCII(),
                gateway: context.topicGateway)
            r.flags = flags
            r.zone = context.topicZone
            let nulledBefore = output.nulled.count
            if let v = output.field(tape, Key.peakRssi, in: fields, FieldPolicy.rssi) { r.rssi = Float(v) }
            if let v = output.field(tape, Key.antenna, in: fields, FieldPolicy.antenna) { r.antenna = Int16(v) }
            let channel = output.field(tape, Key.channel, in: fields, Self.channelMHz)
            let phase = output.field(tape, Key.phase, in: fields, FieldPolicy.finite)
            let reads = output.field(tape, Key.reads, in: fields, Self.count)
            let seen = output.field(tape, Key.seenCount, in: fields, Self.count)
            var tid: TagID?
            do { tid = try tape.string(Key.tid, in: fields) } catch { output.nulled.append(error) }
            for k in nulledBefore..<output.nulled.count { output.nulled[k] = output.nulled[k].within("data") }
            output.readings.append(r)
            if let channel { output.appendSensor(r, metric: RFIDMetric.frequency, value: channel, unit: RFIDMetric.megahertz) }
            if let phase { output.appendSensor(r, metric: RFIDMetric.phase, value: phase, unit: RFIDMetric.degrees) }
            if let reads { output.appendSensor(r, metric: RFIDMetric.readCount, value: reads, unit: RFIDMetric.count) }
            if let seen { output.appendSensor(r, metric: RFIDMetric.seenCount, value: seen, unit: RFIDMetric.count) }
            if let tid, !tid.isEmpty {
                output.appendIdentifier(r, scheme: TagIdentifierScheme.tid, hex: tid, field: "data.TID")
            }
        } catch {
            throw error.within("data")
        }
    }
}
