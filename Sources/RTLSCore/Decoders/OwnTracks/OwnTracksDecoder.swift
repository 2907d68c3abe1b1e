// OwnTracks phone/tracker apps over MQTT (`owntracks`).
//
// Sources checked (search tool, "docs"): the OwnTracks booklet, owntracks.org/booklet/tech/json (topics
// `owntracks/<user>/<device>` for `_type: location`, `…/event` for `_type: transition`; location fields
// `lat`, `lon`, `tst` epoch seconds, `acc`, `alt`, `vel`, `cog`, `batt`, `bs`, `tid`, `inregions`) and
// owntracks.org/booklet/features/waypoints (transition `event` enter/leave, `desc`, `rid`, `wtst`).

/// Decodes OwnTracks `location` and `transition` messages into GPS readings; the tag is `<user>/<device>`
/// from the topic. A location inside regions gets the first of `inregions` as zone; an `enter` transition
/// gets its `desc` (a region name longer than a zone id, 32 bytes, is dropped; the fix is kept). Other `_type`s (lwt, waypoint, card, status…) are recorded as `unsupportedEvent`.
public struct OwnTracksDecoder: ReadingDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "owntracks"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let type: JSONKey = "_type"
        static let location: JSONKey = "location"
        static let transition: JSONKey = "transition"
        static let lat: JSONKey = "lat"
        static let lon: JSONKey = "lon"
        static let tst: JSONKey = "tst"
        static let acc: JSONKey = "acc"
        static let batt: JSONKey = "batt"
        static let inregions: JSONKey = "inregions"
        static let event: JSONKey = "event"
        static let enter: JSONKey = "enter"
        static let desc: JSONKey = "desc"
    }

    /// Decodes one message into `output`; see the type's documentation for the rules.
    ///
    /// - Throws: `DecodeError` when the message as a whole is unusable.
    public func decode(topic: String, payload: [UInt8], context: DecodeContext, into output: inout DecodeOutput)
        throws(DecodeError)
    {
        let segments = TopicSegments(topic: topic)
        var tag = context.topicTag
        if tag.isEmpty {
            guard let user = segments.segment(1), let device = segments.segment(2), tag.append(contentsOf: user),
                tag.append(UInt8(ascii: "/")), tag.append(contentsOf: device)
            else { throw DecodeError(.idTooLong, detail: "topic has no owntracks/<user>/<device> that fits a tag id") }
        }
        let deviceTag = tag
        try output.withParsed(payload) { (tape, output) throws(DecodeError) in
            try BatchWalker.each(tape, into: &output) { (tape, item, output) throws(DecodeError) in
                output.readings.append(try Self.reading(tape, item, deviceTag, context))
            }
        }
    }

    static func reading(_ tape: borrowing JSONTape, _ item: JSONValue, _ tag: TagID, _ context: DecodeContext)
        throws(DecodeError) -> Reading
    {
        guard let type = tape.presentField(Key.type, in: item) else { throw .missing("_type") }
        let isLocation = tape.stringEquals(type, Key.location)
        guard isLocation || tape.stringEquals(type, Key.transition) else {
            throw DecodeError(.unsupportedEvent, field: "_type", detail: "is not location or transition")
        }
        guard let device = try tape.timestamp(Key.tst, in: item) else { throw .missing("tst") }
        var flags = ReadingFlags()
        var r = Reading(
            time: context.checkedTime(device, flags: &flags), receivedAt: context.receivedAt, kind: .gps, tag: tag,
            gateway: context.topicGateway)
        r.flags = flags
        r.lat = try tape.double(Key.lat, in: item, range: FieldRange.latitude)
        r.lon = try tape.double(Key.lon, in: item, range: FieldRange.longitude)
        if (r.lat == nil) != (r.lon == nil) || (isLocation && r.lat == nil) {
            throw .missing(r.lat == nil ? "lat" : "lon")
        }
        if let v = try tape.double(Key.acc, in: item, range: FieldRange.accuracy) { r.accuracy = Float(v) }
        if let v = try tape.double(Key.batt, in: item, range: FieldRange.battery) { r.battery = Float(v) }
        r.zone = context.topicZone
        if isLocation, let regions = tape.presentField(Key.inregions, in: item),
            let first = tape.elements(of: regions).first(where: { _ in true })
        {
            r.zone = (try? tape.string(first)) ?? r.zone
        } else if !isLocation, let event = tape.presentField(Key.event, in: item), tape.stringEquals(event, Key.enter) {
            r.zone = (try? tape.string(Key.desc, in: item)) ?? r.zone
        }
        return r
    }
}
