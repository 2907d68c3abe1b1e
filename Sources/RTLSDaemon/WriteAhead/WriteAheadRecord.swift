import RTLSCore

/// One write-ahead log record: the readings of one MQTT message, numbered.
///
/// Framed like a spool record (`length u32 | crc32c u32 | payload`, see ``SpoolRecord``), so the
/// same torn-tail check applies. Payload: `version u8 | firstSequence u64 | messageKey u64 |
/// count u32 | count × Reading` (readings in the spool codec, `Reading+SpoolCodec.swift`). Reading
/// `i` of the record has sequence number `firstSequence + i`; `messageKey` is the message's
/// ``RedeliveryFilter`` key, so a restart can remember which messages it already logged.
///
/// An *events record* (``eventsVersion``) holds what the rules emitted — alerts, zone events,
/// locations — for a message or a sweep, logged before they reach the journal: `version u8 |
/// EngineOutput` (``EngineOutput/encodeLog(into:)``). It takes no sequence numbers.
struct WriteAheadRecord: Equatable {
    /// The payload version of an events record.
    static let eventsVersion: UInt8 = 2
    /// The payload format ``encode(_:firstSequence:messageKey:into:)`` writes.
    static let version: UInt8 = 1
    /// Payload bytes before the first reading.
    static let fixedPayloadSize = 1 + 8 + 8 + 4

    /// Sequence number of the first reading.
    var firstSequence: UInt64
    /// The message's duplicate-window key.
    var messageKey: UInt64
    /// Readings in the record (at least 1).
    var count: Int
    /// When rtlsd received the message (the first reading's `receivedAt`, microseconds).
    var receivedAt: Int64 = 0

    /// Sequence number of the last reading.
    var lastSequence: UInt64 { self.firstSequence + UInt64(self.count) - 1 }

    /// Replaces `out` with the framed record of `readings` (reusing its capacity: no allocation
    /// per message once warm).
    static func encode(_ readings: [Reading], firstSequence: UInt64, messageKey: UInt64, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.appendLE(UInt64(0))  // length and CRC, patched below
        out.append(Self.version)
        out.appendLE(firstSequence)
        out.appendLE(messageKey)
        out.appendLE(UInt32(readings.count))
        for reading in readings { reading.encodeSpool(into: &out) }
        Self.frame(&out)
    }

    /// Replaces `out` with the framed events record of `output`.
    static func encodeEvents(_ output: EngineOutput, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.appendLE(UInt64(0))  // length and CRC, patched below
        out.append(Self.eventsVersion)
        output.encodeLog(into: &out)
        Self.frame(&out)
    }

    /// `true` when the payload at `offset` is an events record.
    static func isEvents(_ bytes: [UInt8], payloadAt offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] == Self.eventsVersion
    }

    /// Decodes the events record whose payload starts at `offset` and is `length` bytes.
    static func events(in bytes: [UInt8], payloadAt offset: Int, length: Int, into out: inout EngineOutput)
        throws(SpoolError)
    {
        var reader = SpoolByteReader(bytes, from: offset + 1, end: offset + length)
        try out.decodeLog(from: &reader)
        guard reader.remaining == 0 else {
            throw SpoolError(.corrupt, detail: "\(reader.remaining) trailing bytes in an events record")
        }
    }

    /// Patches the length and CRC of the framed record in `out`.
    private static func frame(_ out: inout [UInt8]) {
        let length = UInt32(out.count - SpoolRecord.headerSize)
        let crc = CRC32C.checksum(out[SpoolRecord.headerSize...])
        for i in 0..<4 {
            out[i] = UInt8(truncatingIfNeeded: length >> (8 * i))
            out[4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * i))
        }
    }

    /// Reads the header of the record whose payload (already length- and CRC-checked with
    /// ``SpoolRecord/validLength(in:at:)``) starts at `offset`.
    /// - Throws: `unsupportedVersion` for a newer format, `corrupt` for an impossible header.
    static func header(in bytes: [UInt8], payloadAt offset: Int) throws(SpoolError) -> WriteAheadRecord {
        var reader = SpoolByteReader(bytes, from: offset)
        let version = try reader.read(UInt8.self)
        guard version == Self.version else {
            throw SpoolError(.unsupportedVersion, detail: "write-ahead record version \(version)")
        }
        let first = try reader.read(UInt64.self)
        let key = try reader.read(UInt64.self)
        let count = Int(try reader.read(UInt32.self))
        guard first > 0, count > 0, first <= UInt64(Int64.max) - UInt64(count) else {
            throw SpoolError(.corrupt, detail: "write-ahead record numbers \(first) + \(count)")
        }
        _ = try reader.read(Int64.self)  // the first reading's time; its receivedAt follows
        let receivedAt = try reader.read(Int64.self)
        return WriteAheadRecord(firstSequence: first, messageKey: key, count: count, receivedAt: receivedAt)
    }

    /// Decodes the readings of the record whose payload starts at `offset` and is `length` bytes,
    /// each with its sequence number, appending those numbered within `range`.
    static func readings(
        in bytes: [UInt8], payloadAt offset: Int, length: Int, header: WriteAheadRecord,
        keeping range: ClosedRange<UInt64>, into out: inout [Reading]
    ) throws(SpoolError) {
        var reader = SpoolByteReader(bytes, from: offset + Self.fixedPayloadSize, end: offset + length)
        for i in 0..<header.count {
            var reading = try Reading(spool: &reader)
            reading.sequence = header.firstSequence + UInt64(i)
            if range.contains(reading.sequence) { out.append(reading) }
        }
        guard reader.remaining == 0 else {
            throw SpoolError(.corrupt, detail: "\(reader.remaining) trailing bytes in a write-ahead record")
        }
    }
}
