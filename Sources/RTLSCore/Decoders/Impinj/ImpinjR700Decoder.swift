// Impinj R700 (and R720/R660) readers, IoT device interface events over MQTT (`impinj-r700`).
//
// Sources checked (search tool, "docs"/"code"/"pages"; fixture README cites each):
// - Impinj IoT device interface reference, OpenAPI `ReaderEvent` / `TagInventoryEvent` (as generated into
//   saji-ttarius/impinj-reader-config-api-v1.7.0, docs/ReaderEvent.md and docs/TagInventoryEvent.md):
//   an event has `timestamp` (RFC 3339, up to nanoseconds), optional `hostname`, `eventType` ("the name of
//   the property that contains the event with the string Event stripped off") and that one member;
//   `tagInventoryEvent` holds `epc` (base64), `epcHex`, `tid`/`tidHex`, `xpcHex`, `pc`, `antennaPort`,
//   `antennaName`, `transmitPowerCdbm`, `peakRssiCdbm` (centi-dBm), `frequency` (kHz), `lastSeenTime`,
//   `phaseAngle` (degrees, two decimals) and optional tag access/memory responses.
// - Impinj's own examples and relays of them show the event with the full envelope, without `eventType`
//   (earlier firmware, the documentation's tag inventory example), and the bare `tagInventoryEvent` object.
// - reelyactive/barnowl-impinj (lib/impinjdecoder.js, test listener): webhook deliveries batch events in an
//   array; its simulated event carries every documented field (tid, pc, phase angle).

/// Decodes Impinj IoT device interface tag inventory events: one event or an array of them, each with
/// the envelope (`eventType: tagInventory` or, as older firmware and the documentation's example, no
/// `eventType` but a `tagInventoryEvent` member) or as the bare tag inventory object.
///
/// Tag id is `epcHex` upper-cased, else the base64 `epc` in hex; an event without any EPC is identified by
/// its TID (`tidHex`, else base64 `tid`). Every TID is also stored as the tag's identifier (an identifier
/// reading, ``TagIdentifierScheme/tid``, written to `tag_identifiers`; README "impinj-r700").
/// RSSI is `peakRssiCdbm` / 100 and the antenna `antennaPort` (columns); `frequency`, `phaseAngle` and
/// `transmitPowerCdbm` become ``RFIDMetric`` rows. Time is `lastSeenTime`, else `timestamp`, else the receive
/// time; gateway is `hostname`, else the topic's. Other event types are counted as `unsupportedEvent`.
public struct ImpinjR700Decoder: BatchItemDecoder {
    /// The stable id used in config, metric labels and logs.
    public static let id = "impinj-r700"

    /// Creates the decoder.
    public init() {}

    enum Key {
        static let timestamp = JSONKey("timestamp", slot: 0)
        static let hostname = JSONKey("hostname", slot: 1)
        static let eventType = JSONKey("eventType", slot: 2)
        static let tagInventoryEvent = JSONKey("tagInventoryEvent", slot: 3)
        static let epcHex = JSONKey("epcHex", slot: 4)
        static let epc = JSONKey("epc", slot: 5)
        static let tidHex = JSONKey("tidHex", slot: 6)
        static let tid = JSONKey("tid", slot: 7)
        static let antennaPort = JSONKey("antennaPort", slot: 8)
        static let peakRssiCdbm = JSONKey("peakRssiCdbm", slot: 9)
        static let frequency = JSONKey("frequency", slot: 10)
        static let transmitPowerCdbm = JSONKey("transmitPowerCdbm", slot: 11)
        static let lastSeenTime = JSONKey("lastSeenTime", slot: 12)
        static let phaseAngle = JSONKey("phaseAngle", slot: 13)
        /// Every key the decoder reads, from the envelope and from the tag inventory object alike (a bare
        /// tag inventory object is its own envelope).
        static let all = JSONKeySet([
            timestamp, hostname, eventType, tagInventoryEvent, epcHex, epc, tidHex, tid, antennaPort, peakRssiCdbm,
            frequency, transmitPowerCdbm, lastSeenTime, phaseAngle,
        ])
        static let tagInventory: JSONKey = "tagInventory"
    }

    /// One item of the payload (``BatchItemDecoder``).
    static func item(
        _ tape: borrowing JSONTape, _ item: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        try Self.event(tape, item, context, &output)
    }

    /// One event in any of its shapes: finds the tag inventory object, then decodes it.
    ///
    /// - Throws: `unsupportedEvent` for other event types, `missingField`/`wrongType` for an envelope
    ///   without a usable tag inventory object, or the tag inventory object's own error.
    static func event(
        _ tape: borrowing JSONTape, _ event: JSONValue, _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        let envelope = JSONFields(tape, event, Key.all)
        let inventory: JSONValue
        if let type = envelope.present(Key.eventType) {
            guard tape.stringEquals(type, Key.tagInventory) else {
                throw DecodeError(.unsupportedEvent, field: "eventType", detail: "is not tagInventory")
            }
            guard let member = envelope.present(Key.tagInventoryEvent) else { throw .missing("tagInventoryEvent") }
            inventory = member
        } else if let member = envelope.present(Key.tagInventoryEvent) {
            inventory = member  // no eventType: the member's name says what the event is
        } else if envelope.present(Key.epcHex) != nil || envelope.present(Key.epc) != nil
            || envelope.present(Key.tidHex) != nil || envelope.present(Key.tid) != nil
        {
            try Self.tagInventory(tape, envelope, envelope, nested: false, context, &output)  // the bare object
            return
        } else {
            throw Self.otherEvent(tape, event) ?? .missing("tagInventoryEvent")
        }
        guard tape.kind(inventory) == .object else {
            throw JSONTape.wrongType(tape.kind(inventory), expected: "an object").within("tagInventoryEvent")
        }
        try Self.tagInventory(tape, envelope, JSONFields(tape, inventory, Key.all), nested: true, context, &output)
    }

    /// An envelope without `eventType` whose event member is another type (`inventoryStatusEvent` …).
    private static func otherEvent(_ tape: borrowing JSONTape, _ event: JSONValue) -> DecodeError? {
        let suffix = Array("Event".utf8)
        for (key, value) in tape.members(of: event) where tape.kind(value) == .object {
            guard let range = tape.rawStringRange(key), range.count > suffix.count else { continue }
            if tape.bytes[(range.upperBound - suffix.count)..<range.upperBound].elementsEqual(suffix) {
                return DecodeError(
                    .unsupportedEvent, field: (try? tape.text(key)) ?? "", detail: "is not a tagInventoryEvent")
            }
        }
        return nil
    }
}
