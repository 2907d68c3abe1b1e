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
        static let timestamp = JSONKey("timestamp", slot: 0)
        static let hostname = JSONKey("hostname", slot: 1)
        static let eventType = JSONKey("eventType", slot: 2)
        static let tagInventoryEvent = JSONKey("tagInventoryEvent", slot: 3)
        /// The keys read from an event.
        static let event = JSONKeySet([timestamp, hostname, eventType, tagInventoryEvent])
        static let epcHex = JSONKey("epcHex", slot: 0)
        static let epc = JSONKey("epc", slot: 1)
        static let antennaPort = JSONKey("antennaPort", slot: 2)
        static let peakRssiCdbm = JSONKey("peakRssiCdbm", slot: 3)
        static let lastSeenTime = JSONKey("lastSeenTime", slot: 4)
        /// The keys read from `tagInventoryEvent`.
        static let inventory = JSONKeySet([epcHex, epc, antennaPort, peakRssiCdbm, lastSeenTime])
        /// The `eventType` of tag reads (compared as a value).
        static let tagInventory: JSONKey = "tagInventory"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            try BatchWalker.each(tape, into: &output) { (tape, item, output) throws(DecodeError) in
                output.readings.append(try Self.reading(tape, item, context))
            }
        }
    }

    static func reading(_ tape: borrowing JSONTape, _ event: JSONValue, _ context: DecodeContext) throws(DecodeError) -> Reading {
        let fields = JSONFields(tape, event, Key.event)
        guard let type = fields.present(Key.eventType) else { throw .missing("eventType") }
        guard tape.stringEquals(type, Key.tagInventory) else {
            throw DecodeError(.unsupportedEvent, field: "eventType", detail: "is not tagInventory")
        }
        guard let inventory = fields.present(Key.tagInventoryEvent) else {
            throw .missing("tagInventoryEvent")
        }
        guard tape.kind(inventory) == .object else {
            throw JSONTape.wrongType(tape.kind(inventory), expected: "an object").within("tagInventoryEvent")
        }
        let inventoryFields = JSONFields(tape, inventory, Key.inventory)
        var flags = ReadingFlags()
        let device: Timestamp
        do throws(DecodeError) {
            if let seen = try tape.timestamp(Key.lastSeenTime, in: inventoryFields) {
                device = seen
            } else {
                device = try tape.timestamp(Key.timestamp, in: fields) ?? context.receivedAt
                if fields.present(Key.timestamp) == nil { flags.insert(.receiveTime) }
            }
        } catch {
            throw inventoryFields.present(Key.lastSeenTime) != nil ? error.within("tagInventoryEvent") : error
        }
        let time = context.checkedTime(device, flags: &flags)
        let gateway: GatewayID = try tape.string(Key.hostname, in: fields) ?? context.topicGateway
        do throws(DecodeError) {
            let tag: TagID
            if let hex: TagID = try tape.string(Key.epcHex, in: inventoryFields), !hex.isEmpty {
                tag = hex.uppercasedASCII()
            } else if let epc = inventoryFields.present(Key.epc) {
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
            if let cdbm = try tape.double(Key.peakRssiCdbm, in: inventoryFields) {
                r.rssi = Float(try FieldRange.check(cdbm / 100, FieldRange.rssi, field: "peakRssiCdbm"))
            }
            if let v = try tape.int(Key.antennaPort, in: inventoryFields) {
                r.antenna = Int16(try FieldRange.check(v, FieldRange.antenna, field: "antennaPort"))
            }
            return r
        } catch {
            throw error.within("tagInventoryEvent")
        }
    }
}
