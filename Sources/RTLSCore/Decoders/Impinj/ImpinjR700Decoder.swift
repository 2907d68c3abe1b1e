// Impinj R700 (and R720/R660) readers, IoT device interface events over MQTT (`impinj-r700`).
//
// Sources checked (search tool, "docs"/"code"):
// - Impinj IoT device interface reference (event schema as mirrored by the Intel RSP emulator's
//   `TagInventoryEvent` and the `impinj-iot` PyPI driver): every event has `timestamp` (RFC 3339 with
//   up to nanosecond fraction), `hostname`, `eventType`, and one member named after the type;
//   `tagInventoryEvent` holds `epc` (base64), `epcHex`, `tid`/`tidHex`, `antennaPort`, `antennaName`,
//   `peakRssiCdbm` (centi-dBm), `frequency` (kHz), `transmitPowerCdbm`, `lastSeenTime`, `phaseAngle`.
// - reelyactive/barnowl-impinj (lib/impinjdecoder.js): webhook deliveries batch events in an array.
// Other event types (`inventoryStatus`, `antennaHealth`, `diagnostic`, `gpiTransition`, …) are not tag reads.

/// Decodes Impinj IoT device interface `tagInventory` events (one object or an array).
///
/// Tag id is `epcHex` upper-cased (else the base64 `epc` converted to hex); RSSI is `peakRssiCdbm` / 100;
/// time is `lastSeenTime` when reported, else `timestamp`; gateway is `hostname`, else the topic's.
/// Other `eventType`s are recorded in `output.rejected` as `unsupportedEvent` and skipped.
public struct ImpinjR700Decoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "impinj-r700"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let timestamp: JSONKey = "timestamp"
        static let hostname: JSONKey = "hostname"
        static let eventType: JSONKey = "eventType"
        static let tagInventory: JSONKey = "tagInventory"
        static let tagInventoryEvent: JSONKey = "tagInventoryEvent"
        static let epcHex: JSONKey = "epcHex"
        static let epc: JSONKey = "epc"
        static let antennaPort: JSONKey = "antennaPort"
        static let peakRssiCdbm: JSONKey = "peakRssiCdbm"
        static let lastSeenTime: JSONKey = "lastSeenTime"
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
        guard let type = tape.presentField(Key.eventType, in: event) else { throw .missing("eventType") }
        guard tape.stringEquals(type, Key.tagInventory) else {
            throw DecodeError(.unsupportedEvent, field: "eventType", detail: "is not tagInventory")
        }
        guard let inventory = tape.presentField(Key.tagInventoryEvent, in: event) else {
            throw .missing("tagInventoryEvent")
        }
        guard tape.kind(inventory) == .object else {
            throw JSONTape.wrongType(tape.kind(inventory), expected: "an object").within("tagInventoryEvent")
        }
        var flags = ReadingFlags()
        let device: Timestamp
        do throws(DecodeError) {
            if let seen = try tape.timestamp(Key.lastSeenTime, in: inventory) {
                device = seen
            } else {
                device = try tape.timestamp(Key.timestamp, in: event) ?? context.receivedAt
                if tape.presentField(Key.timestamp, in: event) == nil { flags.insert(.receiveTime) }
            }
        } catch {
            throw tape.presentField(Key.lastSeenTime, in: inventory) != nil ? error.within("tagInventoryEvent") : error
        }
        let time = context.checkedTime(device, flags: &flags)
        let gateway: GatewayID = try tape.string(Key.hostname, in: event) ?? context.topicGateway
        do throws(DecodeError) {
            let tag: TagID
            if let hex: TagID = try tape.string(Key.epcHex, in: inventory), !hex.isEmpty {
                tag = hex.uppercasedASCII()
            } else if let epc = tape.presentField(Key.epc, in: inventory) {
                guard let range = tape.rawStringRange(epc), let converted = Base64.hexTag(tape.bytes, range) else {
                    throw DecodeError(.wrongType, field: "epc", detail: "is not base64")
                }
                tag = converted
            } else {
                throw DecodeError.missing("epcHex")
            }
            var r = Reading(time: time, receivedAt: context.receivedAt, kind: .rfid, tag: tag, gateway: gateway)
            r.flags = flags
            r.zone = context.topicZone
            let centi = FieldPolicy.rssi.lowerBound * 100...FieldPolicy.rssi.upperBound * 100
            if let cdbm = output.field(tape, Key.peakRssiCdbm, in: inventory, centi) { r.rssi = Float(cdbm / 100) }
            if let v = output.field(tape, Key.antennaPort, in: inventory, FieldPolicy.antenna) { r.antenna = Int16(v) }
            return r
        } catch {
            throw error.within("tagInventoryEvent")
        }
    }
}
