import Foundation
import Logging

/// Opening a segment file of framed records (``SpoolRecord`` framing: the spool's batches, the
/// write-ahead log's messages): every intact record is visited in order; a torn or damaged record
/// (a crash mid-write) and everything after it are truncated, counted and logged — rtlsd never
/// fails to start over it; a file left without any record is deleted.
enum SegmentFile {
    /// What a scan kept.
    struct Scan {
        /// Bytes of intact records (the file's size now; 0 when it was deleted).
        var bytes: Int
        /// Intact records.
        var records: Int
        /// `true` when a damaged tail was cut off.
        var truncated: Bool
    }

    /// Scans the segment at `path`.
    /// - Parameters:
    ///   - kind: how the log line names the file (`"Spool segment"`).
    ///   - visit: called with the file's bytes, a record's offset and its payload length; returns
    ///     `false` when the record, though its CRC matches, cannot be used (treated as damaged).
    /// - Throws: `io` when the file cannot be read or truncated.
    static func scan(
        path: String, kind: String, logger: Logger, visit: (_ bytes: [UInt8], _ offset: Int, _ length: Int) -> Bool
    ) throws(SpoolError) -> Scan {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SpoolError(.io, path: path, detail: "cannot read a segment (\(error.localizedDescription))")
        }
        var offset = 0
        var records = 0
        while offset < bytes.count {
            guard let length = SpoolRecord.validLength(in: bytes, at: offset), visit(bytes, offset, length) else { break }
            offset += SpoolRecord.headerSize + length
            records += 1
        }
        let truncated = offset < bytes.count
        if truncated {
            logger.error(
                "\(kind) has a torn or damaged record (crash during a write?); truncated it, the records before it are kept",
                metadata: ["segment.file": "\(path)", "segment.offset": "\(offset)", "segment.bytes.dropped": "\(bytes.count - offset)"])
            do {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.truncate(atOffset: UInt64(offset))
                try handle.synchronize()
                try handle.close()
            } catch {
                throw SpoolError(.io, path: path, detail: "cannot truncate a damaged segment (\(error.localizedDescription))")
            }
        }
        if records == 0 {
            try? FileManager.default.removeItem(atPath: path)
            return Scan(bytes: 0, records: 0, truncated: truncated)
        }
        return Scan(bytes: offset, records: records, truncated: truncated)
    }

    /// Best-effort `fsync` of the file or directory at `path` (a directory after creating a file in
    /// it, so the new name survives a power cut); a path that no longer exists is skipped.
    static func sync(_ path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        try? handle.synchronize()
        try? handle.close()
    }
}
