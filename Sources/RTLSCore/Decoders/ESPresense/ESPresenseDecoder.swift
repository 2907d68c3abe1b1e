// ESPresense room-presence nodes (`espresense`).
//
// Sources checked (search tool, "docs"/"pages"): Home Assistant's `mqtt_room` integration page
// (home-assistant.io/integrations/mqtt_room, topic `espresense/devices/<id>` and the `id`, `name`,
// `distance` payload), ESPresense discussions (ESPresense/ESPresense #1269: one message per sighting with
// `distance`, `rssi`, no timestamp) and the ioBroker.espresense adapter (subscribes to `espresense/#`).
// ESPresense publishes `espresense/devices/<device id>/<room>` with `id` (`iBeacon:<uuid>-<major>-<minor>`,
// `tile:<mac>`, `apple:…`), `name`, `rssi@1m`, `rssi`, `raw`, `distance`, `speed`, `mac`, `interval`.

/// Decodes ESPresense device messages. The room (last topic segment) is the zone and, unless the topic
/// pattern captures `+gateway`, the gateway; the tag is the payload `id` (else the topic's device id).
/// ESPresense sends no device time, so readings carry the receive time and the `receiveTime` flag.
public struct ESPresenseDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "espresense"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let id: JSONKey = "id"
        static let rssi: JSONKey = "rssi"
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
            let segments = TopicSegments(topic: topic)
            let room = segments.count >= 4 ? segments.fromEnd(0).flatMap { ZoneName(bytes: $0) } ?? ZoneName() : ZoneName()
            let tag: TagID
            if let id: TagID = try tape.string(Key.id, in: root), !id.isEmpty {
                tag = id
            } else if let fromTopic = segments.fromEnd(1).flatMap({ TagID(bytes: $0) }), !fromTopic.isEmpty, segments.count >= 4 {
                tag = fromTopic
            } else {
                throw .missing("id")
            }
            var r = Reading(time: context.receivedAt, receivedAt: context.receivedAt, kind: .ble, tag: tag)
            r.flags = .receiveTime
            r.zone = context.topicZone.isEmpty ? room : context.topicZone
            r.gateway = context.topicGateway.isEmpty ? r.zone : context.topicGateway
            if let v = output.field(tape, Key.rssi, in: root, FieldPolicy.rssi) { r.rssi = Float(v) }
            output.readings.append(r)
        }
    }
}
