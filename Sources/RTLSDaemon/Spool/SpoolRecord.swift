public import RTLSCore

/// One spooled batch: its ledger id and readings.
public struct SpoolBatch: Sendable, Equatable {
    /// The `ingest_batches` id the batch was first tried with; a replay reuses it.
    public var batchID: Int64
    /// The readings.
    public var readings: [Reading]

    /// Creates a batch.
    public init(batchID: Int64, readings: [Reading]) {
        self.batchID = batchID
        self.readings = readings
    }
}

/// The on-disk framing of a spool record: `length u32 | crc32c u32 | payload`, where `length`
/// counts the payload and the CRC32C covers it. Payload: `version u8 | batchID i64 | count u32 |
/// count × Reading` (see `Reading+SpoolCodec.swift`). A torn write leaves a short or mismatching
/// record at a segment's tail, which opening the spool detects and truncates.
enum SpoolRecord {
    /// Bytes before the payload.
    static let headerSize = 8
    /// No real batch comes near this; a larger length field means a damaged header.
    static let maxPayload = 1 << 30

    /// The framed bytes of a batch.
    static func encode(_ batch: SpoolBatch) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(13 + batch.readings.count * 64)
        payload.append(Reading.spoolCodecVersion)
        payload.appendLE(batch.batchID)
        payload.appendLE(UInt32(batch.readings.count))
        for reading in batch.readings { reading.encodeSpool(into: &payload) }
        var framed: [UInt8] = []
        framed.reserveCapacity(Self.headerSize + payload.count)
        framed.appendLE(UInt32(payload.count))
        framed.appendLE(CRC32C.checksum(payload))
        framed.append(contentsOf: payload)
        return framed
    }

    /// The payload length of the record starting at `offset`, when its header and CRC are intact.
    /// - Returns: `nil` for a torn or damaged record (or the end of the data).
    static func validLength(in bytes: [UInt8], at offset: Int) -> Int? {
        var reader = SpoolByteReader(bytes, from: offset)
        guard let length = try? reader.read(UInt32.self), let crc = try? reader.read(UInt32.self) else { return nil }
        let count = Int(length)
        guard count > 0, count <= Self.maxPayload, reader.remaining >= count else { return nil }
        let start = offset + Self.headerSize
        guard CRC32C.checksum(bytes[start..<(start + count)]) == crc else { return nil }
        return count
    }

    /// Decodes a full framed record (header included).
    /// - Throws: `corrupt` when the CRC or contents do not match, `unsupportedVersion` for a newer codec.
    static func decode(_ framed: [UInt8]) throws(SpoolError) -> SpoolBatch {
        guard let count = Self.validLength(in: framed, at: 0), count == framed.count - Self.headerSize else {
            throw SpoolError(.corrupt, detail: "length or CRC32C mismatch")
        }
        var reader = SpoolByteReader(framed, from: Self.headerSize)
        let version = try reader.read(UInt8.self)
        guard version == Reading.spoolCodecVersion else {
            throw SpoolError(.unsupportedVersion, detail: "codec version \(version)")
        }
        let batchID = try reader.read(Int64.self)
        let rows = Int(try reader.read(UInt32.self))
        guard rows <= reader.remaining / 20 else { throw SpoolError(.corrupt, detail: "row count \(rows) too large") }
        var readings: [Reading] = []
        readings.reserveCapacity(rows)
        for _ in 0..<rows { readings.append(try Reading(spool: &reader)) }
        guard reader.remaining == 0 else { throw SpoolError(.corrupt, detail: "\(reader.remaining) trailing bytes") }
        return SpoolBatch(batchID: batchID, readings: readings)
    }
}
