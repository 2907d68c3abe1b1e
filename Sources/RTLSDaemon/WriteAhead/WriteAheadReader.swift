import Foundation
import RTLSCore

/// Reads numbered readings back from the write-ahead log (writer thread: replay after an outage or
/// a crash). Ranges are asked for in ascending order, so it keeps a cursor and reads each segment
/// front to back once; asking for an earlier range starts the segment again.
final class WriteAheadReader {
    private struct Cursor {
        var segment: UInt64
        var handle: FileHandle
        var offset: UInt64
        /// The first sequence number of the record at `offset` (or beyond).
        var next: UInt64
    }

    private let log: WriteAheadLog
    private var cursor: Cursor?
    /// Segment files opened so far (for tests: consecutive ranges read each segment once).
    private(set) var opens = 0

    init(log: WriteAheadLog) {
        self.log = log
    }

    deinit {
        try? self.cursor?.handle.close()
    }

    /// Whether a segment file is open for reading (for tests).
    var holdsSegmentOpen: Bool { self.cursor != nil }

    /// Closes the open segment unless the log still lists it: an open handle on a deleted segment
    /// keeps its disk space (up to `segment_bytes`) in use until the process exits.
    func closeReleasedSegment() {
        guard let cursor = self.cursor else { return }
        if self.log.segmentList().contains(where: { $0.firstSequence == cursor.segment }) { return }
        self.close()
    }

    /// Closes the open segment (nothing left to replay); the next read opens it again.
    func close() {
        try? self.cursor?.handle.close()
        self.cursor = nil
    }

    /// The logged readings numbered within `range`, in order. Numbers the log does not hold (a
    /// record torn by a crash was never acknowledged) are skipped.
    /// - Throws: `io` when a segment cannot be read; `corrupt`/`unsupportedVersion` for a record
    ///   that passed its CRC but does not decode.
    func readings(in range: ClosedRange<UInt64>) throws(SpoolError) -> [Reading] {
        var out: [Reading] = []
        out.reserveCapacity(Int(min(range.upperBound - range.lowerBound + 1, 1 << 20)))
        var want = range.lowerBound
        let segments = self.log.segmentList()
        while want <= range.upperBound {
            guard let index = segments.lastIndex(where: { $0.firstSequence <= want }) else {
                // Below the oldest segment: those numbers were released (committed) or never written.
                guard let first = segments.first?.firstSequence, first <= range.upperBound else { break }
                want = first
                continue
            }
            let segment = segments[index]
            var cursor = try self.cursor(on: segment, at: want)
            while want <= range.upperBound {
                let recordAt = cursor.offset
                guard let (header, payload) = try self.nextRecord(&cursor, path: segment.path) else { break }
                cursor.next = header.lastSequence + 1
                guard header.lastSequence >= want else { continue }
                try WriteAheadRecord.readings(
                    in: payload, payloadAt: 0, length: payload.count, header: header, keeping: want...range.upperBound,
                    into: &out)
                want = header.lastSequence + 1
                if header.lastSequence > range.upperBound {
                    // The range ends inside this record: the next range starts in it, so the cursor
                    // stays on it (else the next read would scan the segment again from its start).
                    cursor.offset = recordAt
                    cursor.next = header.firstSequence
                }
            }
            self.cursor = cursor
            guard want <= range.upperBound else { break }
            // This segment ends below `want`: continue in the next one, or stop at the newest.
            guard index + 1 < segments.count else { break }
            want = max(want, segments[index + 1].firstSequence)
        }
        return out
    }

    /// A cursor on `segment` at or before the record holding `sequence`.
    private func cursor(on segment: WriteAheadLog.Segment, at sequence: UInt64) throws(SpoolError) -> Cursor {
        if let cursor = self.cursor, cursor.segment == segment.firstSequence, cursor.next <= sequence {
            return cursor
        }
        try? self.cursor?.handle.close()
        self.cursor = nil
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: segment.path))
            self.opens += 1
            return Cursor(segment: segment.firstSequence, handle: handle, offset: 0, next: segment.firstSequence)
        } catch {
            throw SpoolError(.io, path: segment.path, detail: "cannot open a write-ahead segment (\(error.localizedDescription))")
        }
    }

    /// The next readings record at the cursor (header and payload bytes), advancing past it and past
    /// events records (they take no sequence numbers); `nil` at the end of the segment or at a torn
    /// record.
    private func nextRecord(_ cursor: inout Cursor, path: String) throws(SpoolError) -> (WriteAheadRecord, [UInt8])? {
        while true {
            let framed: [UInt8]
            do {
                try cursor.handle.seek(toOffset: cursor.offset)
                guard let head = try cursor.handle.read(upToCount: SpoolRecord.headerSize),
                    head.count == SpoolRecord.headerSize
                else { return nil }
                let length = Int(head[head.startIndex]) | Int(head[head.startIndex + 1]) << 8
                    | Int(head[head.startIndex + 2]) << 16 | Int(head[head.startIndex + 3]) << 24
                guard length > 0, length <= SpoolRecord.maxPayload,
                    let body = try cursor.handle.read(upToCount: length), body.count == length
                else { return nil }
                framed = [UInt8](head) + [UInt8](body)
            } catch {
                throw SpoolError(.io, path: path, detail: "read failed (\(error.localizedDescription))")
            }
            guard SpoolRecord.validLength(in: framed, at: 0) != nil else { return nil }
            let at = cursor.offset
            cursor.offset += UInt64(framed.count)
            if WriteAheadRecord.isEvents(framed, payloadAt: SpoolRecord.headerSize) { continue }
            let payload = Array(framed[SpoolRecord.headerSize...])
            do {
                return (try WriteAheadRecord.header(in: payload, payloadAt: 0), payload)
            } catch var error {
                error.path = path
                error.detail += " at offset \(at)"
                throw error
            }
        }
    }

    /// What the rules emitted that the previous run logged: the events records in the first
    /// `bytes` of each segment found at open (``WriteAheadLog/segmentsAtOpen``).
    /// - Throws: `io` when a segment cannot be read; `corrupt` for a record that passed its CRC but
    ///   does not decode.
    func eventsLoggedBefore() throws(SpoolError) -> EngineOutput {
        var out = EngineOutput()
        for segment in self.log.segmentsAtOpen {
            let bytes: [UInt8]
            do {
                bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment.path)).prefix(Int(segment.bytes)))
            } catch {
                throw SpoolError(.io, path: segment.path, detail: "cannot read a segment (\(error.localizedDescription))")
            }
            var offset = 0
            while let length = SpoolRecord.validLength(in: bytes, at: offset) {
                let payload = offset + SpoolRecord.headerSize
                if WriteAheadRecord.isEvents(bytes, payloadAt: payload) {
                    do {
                        try WriteAheadRecord.events(in: bytes, payloadAt: payload, length: length, into: &out)
                    } catch var error {
                        error.path = segment.path
                        error.detail += " at offset \(offset)"
                        throw error
                    }
                }
                offset = payload + length
            }
        }
        return out
    }
}
