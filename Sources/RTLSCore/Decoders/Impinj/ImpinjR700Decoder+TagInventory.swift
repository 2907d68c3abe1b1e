/// One `tagInventoryEvent` object: the tag read (identity, time, RSSI, antenna) and its radio metrics.
extension ImpinjR700Decoder {
    /// `peakRssiCdbm` bounds: ``FieldPolicy/rssi`` in centi-dBm.
    static let centiRSSI: ClosedRange<Double> = FieldPolicy.rssi.lowerBound * 100...FieldPolicy.rssi.upperBound * 100
    /// `frequency` bounds in kHz: not negative; 10 GHz is far above any RAIN (860–960 MHz) channel.
    static let frequencyKHz: ClosedRange<Double> = 0...10_000_000
    /// `transmitPowerCdbm` bounds in centi-dBm: readers transmit about 10–33 dBm; −100…+60 dBm (1 kW) is
    /// beyond any reader, so a value outside is a broken field.
    static let transmitPowerCdbm: ClosedRange<Double> = -10_000...6_000

    /// Appends the tag read of one tag inventory object, a metric row per radio detail it reports, and
    /// its TID as an identifier reading (``TagIdentifierScheme/tid``).
    ///
    /// - Parameters:
    ///   - envelope: The event's fields (`timestamp`, `hostname`); the same table as `inventory` for a
    ///     bare tag inventory object.
    ///   - inventory: The tag inventory object's fields.
    ///   - nested: `true` when `inventory` sits in the envelope's `tagInventoryEvent` (error paths say so).
    /// - Throws: `missingField` without any EPC or TID, `idTooLong`/`wrongType` for an unusable one,
    ///   `badTimestamp` for an unparseable `lastSeenTime` or `timestamp`, `idTooLong` for a `hostname` over
    ///   32 bytes. A TID that cannot be stored beside an EPC (not hex, over 64 digits, not base64) costs
    ///   only the TID: the reason goes to ``DecodeOutput/nulled``.
    static func tagInventory(
        _ tape: borrowing JSONTape, _ envelope: JSONFields, _ inventory: JSONFields, nested: Bool,
        _ context: DecodeContext, _ output: inout DecodeOutput
    ) throws(DecodeError) {
        var flags = ReadingFlags()
        let seen: Timestamp?
        do { seen = try tape.timestamp(Key.lastSeenTime, in: inventory) } catch { throw Self.located(error, nested) }
        let device: Timestamp
        if let seen {
            device = seen
        } else if let sent = try tape.timestamp(Key.timestamp, in: envelope) {
            device = sent
        } else {
            device = context.receivedAt
            flags.insert(.receiveTime)
        }
        let time = context.checkedTime(device, flags: &flags)
        let gateway: GatewayID = try tape.string(Key.hostname, in: envelope) ?? context.topicGateway
        let tag: TagID
        do { tag = try Self.tagID(tape, inventory) } catch { throw Self.located(error, nested) }

        var r = Reading(time: time, receivedAt: context.receivedAt, kind: .rfid, tag: tag, gateway: gateway)
        r.flags = flags
        r.zone = context.topicZone
        let nulledBefore = output.nulled.count
        if let v = output.field(tape, Key.peakRssiCdbm, in: inventory, Self.centiRSSI) { r.rssi = Float(v / 100) }
        if let v = output.field(tape, Key.antennaPort, in: inventory, FieldPolicy.antenna) { r.antenna = Int16(v) }
        let kHz = output.field(tape, Key.frequency, in: inventory, Self.frequencyKHz)
        let phase = output.field(tape, Key.phaseAngle, in: inventory, FieldPolicy.finite)
        let power = output.field(tape, Key.transmitPowerCdbm, in: inventory, Self.transmitPowerCdbm)
        let tid: TagID?
        do { tid = try Self.tid(tape, inventory) } catch {
            output.nulled.append(error)
            tid = nil
        }
        if nested {
            for k in nulledBefore..<output.nulled.count { output.nulled[k] = output.nulled[k].within("tagInventoryEvent") }
        }
        output.readings.append(r)
        if let kHz { output.appendSensor(r, metric: RFIDMetric.frequency, value: kHz / 1000, unit: RFIDMetric.megahertz) }
        if let phase { output.appendSensor(r, metric: RFIDMetric.phase, value: phase, unit: RFIDMetric.degrees) }
        if let power { output.appendSensor(r, metric: RFIDMetric.transmitPower, value: power / 100, unit: RFIDMetric.dBm) }
        if let tid {
            let field = inventory.present(Key.tidHex) != nil ? Key.tidHex.name : Key.tid.name
            output.appendIdentifier(r, scheme: TagIdentifierScheme.tid, hex: tid, field: nested ? "tagInventoryEvent." + field : field)
        }
    }

    /// The TID as hex text: `tidHex`, else base64 `tid` in hex; `nil` when neither is present.
    ///
    /// - Throws: `idTooLong` over 64 hex digits, `wrongType` for a non-string or text that is not base64.
    static func tid(_ tape: borrowing JSONTape, _ inventory: JSONFields) throws(DecodeError) -> TagID? {
        if let hex: TagID = try tape.string(Key.tidHex, in: inventory), !hex.isEmpty { return hex }
        if let tid = inventory.present(Key.tid) { return try Self.base64Tag(tape, tid, field: Key.tid.name) }
        return nil
    }

    /// The tag id: `epcHex`, else base64 `epc`, else `tidHex`, else base64 `tid` (hex, upper case).
    ///
    /// - Throws: `missingField` at `epcHex` when none is present; `idTooLong` for an id over 64 hex
    ///   digits; `wrongType` for a non-string or text that is not base64.
    static func tagID(_ tape: borrowing JSONTape, _ inventory: JSONFields) throws(DecodeError) -> TagID {
        if let hex: TagID = try tape.string(Key.epcHex, in: inventory), !hex.isEmpty { return hex.uppercasedASCII() }
        if let epc = inventory.present(Key.epc) { return try Self.base64Tag(tape, epc, field: Key.epc.name) }
        if let hex: TagID = try tape.string(Key.tidHex, in: inventory), !hex.isEmpty { return hex.uppercasedASCII() }
        if let tid = inventory.present(Key.tid) { return try Self.base64Tag(tape, tid, field: Key.tid.name) }
        throw .missing(Key.epcHex.name)
    }

    /// A base64 string value as upper-case hex.
    ///
    /// - Throws: `wrongType` when it is not a base64 string, `idTooLong` when its hex passes 64 digits.
    private static func base64Tag(_ tape: borrowing JSONTape, _ value: JSONValue, field: String) throws(DecodeError)
        -> TagID
    {
        guard let range = tape.rawStringRange(value) else {
            throw DecodeError(.wrongType, field: field, detail: "is not a base64 string")
        }
        var digits = range.count
        while digits > 0 && tape.bytes[range.lowerBound + digits - 1] == UInt8(ascii: "=") { digits -= 1 }
        guard digits * 6 / 8 * 2 <= 64 else {  // TagID holds 64 bytes
            throw DecodeError(.idTooLong, field: field, detail: "is longer than the 32 bytes (64 hex digits) rtlsd stores")
        }
        guard let tag = Base64.hexTag(tape.bytes, range) else {
            throw DecodeError(.wrongType, field: field, detail: "is not base64")
        }
        return tag
    }

    private static func located(_ error: DecodeError, _ nested: Bool) -> DecodeError {
        nested ? error.within("tagInventoryEvent") : error
    }
}
