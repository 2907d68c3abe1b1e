// Ruuvi Gateway relaying Ruuvi sensors' advertisements over MQTT (`ruuvi-gw`).
//
// Sources (fetched with the search tool's `fetch`): Ruuvi's developer docs, github.com/ruuvi/docs
// (`ruuvi-gateway-firmware/data-formats/mqtt-time-stamped-data-from-bluetooth-sensors.md` and
// `…-without-timestamps.md`: `gw_mac`, `rssi`, `aoa`, `gwts`/`ts` or `cnt`, `data` = the advertisement in
// hex, `coords`; `examples/mqtt-examples.md` for the `ruuvi/<GW_MAC>/<TAG_MAC>` and `…/gw_status` topics;
// `communication/bluetooth-advertisements/` for data formats 3, 5, 6 and E1 with their test vectors), and
// the gateway firmware, github.com/ruuvi/ruuvi.gateway_esp.c (`main/mqtt_json.c`,
// `main/adv_decode_0x05.c`, `…0x06.c`, `…0xe1.c`) for the field names of its "decoded" MQTT mode.

/// Decodes Ruuvi Gateway MQTT messages into a BLE reading (tag = the sensor MAC from the topic, gateway =
/// `gw_mac`) and one sensor reading per quantity the sensor sent.
///
/// - Raw mode (`data` present): the advertisement is read with ``BLEAdvertisement`` and
///   ``DecodeOutput/appendAdvertisement(_:_:base:field:)``: Ruuvi data formats 3, 5, 6 and E1, iBeacon
///   and Eddystone. Raw-and-decoded mode also carries `data`, and the decoded copies are ignored.
/// - Decoded mode (no `data`): the gateway's own decoded fields (``RuuviDecodedFields``) become the
///   same metrics; a message with neither (a non-Ruuvi sensor) is a bare sighting.
/// - `gw_status` messages become gateway status.
///
/// An unknown Ruuvi data format or an Eddystone-EID frame is recorded in `rejected` as
/// `unsupported_event`; a known format of the wrong length is thrown as `wrong_type`.
public struct RuuviGatewayDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "ruuvi-gw"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let gwMAC = JSONKey("gw_mac", slot: 0)
        static let rssi = JSONKey("rssi", slot: 1)
        static let ts = JSONKey("ts", slot: 2)
        static let data = JSONKey("data", slot: 3)
        static let state = JSONKey("state", slot: 4)
        /// The keys read from a message: these and ``RuuviDecodedFields`` (slots 5…).
        static let all = JSONKeySet([gwMAC, rssi, ts, data, state] + RuuviDecodedFields.keys)
        /// The `state` value of an online gateway (compared as a value).
        static let online: JSONKey = "online"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            let root = tape.root
            guard tape.kind(root) == .object else { throw JSONTape.wrongType(tape.kind(root), expected: "an object") }
            let fields = JSONFields(tape, root, Key.all)
            do throws(DecodeError) {
                try Self.message(tape, fields, topic: topic, context: context, into: &output)
            } catch where error.code == .unsupportedEvent {
                output.rejected.append(error)
            }
        }
    }

    static func message(
        _ tape: borrowing JSONTape, _ fields: JSONFields, topic: String, context: DecodeContext,
        into output: inout DecodeOutput
    ) throws(DecodeError) {
        let segments = TopicSegments(topic: topic)
        let split = segments.split()
        if segments.bytes(in: split.last, equal: "gw_status") {
            guard let state = fields.present(Key.state) else { throw .missing("state") }
            let gateway = context.topicGateway.isEmpty ? try Self.topicGateway(segments, split) : context.topicGateway
            output.gatewayStatus.append(
                GatewayStatus(gateway: gateway, online: tape.stringEquals(state, Key.online), time: context.receivedAt))
            return
        }
        var flags = ReadingFlags()
        let time: Timestamp
        if let device = try tape.timestamp(Key.ts, in: fields) {
            time = context.checkedTime(device, flags: &flags)
        } else {
            time = context.receivedAt
            flags.insert(.receiveTime)
        }
        guard split.count == 3, let tagSegment = split.range(2), !tagSegment.isEmpty else {
            throw DecodeError(.missingField, detail: "topic has no ruuvi/<gateway>/<tag> MAC")
        }
        let tag = try Self.mac(TagID.self, segments, tagSegment, "tag")
        var gateway = context.topicGateway
        if gateway.isEmpty {
            if let mac: GatewayID = try tape.string(Key.gwMAC, in: fields) {
                gateway = MACAddress.normalized(mac)
            } else {
                gateway = try Self.topicGateway(segments, split)
            }
        }
        var r = Reading(time: time, receivedAt: context.receivedAt, kind: .ble, tag: tag, gateway: gateway)
        r.flags = flags
        r.zone = context.topicZone
        if let v = output.field(tape, Key.rssi, in: fields, FieldPolicy.rssi) { r.rssi = Float(v) }
        guard let data = fields.present(Key.data) else {
            output.readings.append(r)
            RuuviDecodedFields.append(tape, fields, base: r, into: &output)
            return
        }
        guard let range = tape.rawStringRange(data), let ad = BLEAdvertisement(HexText(bytes: tape.bytes, range: range))
        else { throw DecodeError(.wrongType, field: "data", detail: "is not a hex BLE advertisement") }
        try output.appendAdvertisement(ad, HexText(bytes: tape.bytes, range: range), base: r, field: "data")
    }

    /// The gateway MAC in `ruuvi/<gateway>/…`, normalized; empty when the topic has none.
    ///
    /// - Throws: `idTooLong` when the segment does not fit in a ``GatewayID``.
    static func topicGateway(_ segments: TopicSegments, _ split: TopicSegments.Split) throws(DecodeError) -> GatewayID {
        guard let segment = split.range(1) else { return GatewayID() }
        return try Self.mac(GatewayID.self, segments, segment, "gateway")
    }

    /// A topic segment (its byte range) as a normalized MAC (``MACAddress/normalized(utf8:)``), read in place.
    ///
    /// - Throws: `idTooLong` when it does not fit (never truncated).
    static func mac<let capacity: Int>(
        _: InlineString<capacity>.Type, _ segments: TopicSegments, _ segment: Range<Int>, _ what: String
    ) throws(DecodeError) -> InlineString<capacity> {
        guard let id: InlineString<capacity> = segments.mac(segment) else {
            throw DecodeError(.idTooLong, detail: "topic \(what) is longer than the \(capacity) bytes rtlsd stores")
        }
        return id
    }
}
