import Foundation
public import RTLSCore

/// What the rules engine emitted since its last checkpoint (`engine-journal.<generation>` in
/// `[spool] dir`): alerts fired and cleared, zone changes, usage sessions closed, acknowledgements
/// and escalations — never the per-reading location rows. After a crash the newest checkpoint plus
/// the journals from its generation on give the engine state the killed run had
/// (``EngineSnapshot/apply(_:at:)``), so a restart raises no alert that run had not raised.
///
/// Appended under the rules stage's lock, one `write(2)` per message or sweep that produced such an
/// event (most messages produce none). Not fsynced: a killed process loses nothing that reached the
/// kernel; a power cut may lose the last records, and the alerts they held fire again after it.
///
/// Record: `u32 length | now i64 | events (the write-ahead log's events record, without locations)
/// | CRC32C u32` of what the length covers, little-endian. Reading stops at the first torn or damaged record.
package struct EngineJournal {
    /// The journal's generation: the checkpoint taken when it was opened covers everything before it.
    let generation: UInt64
    package let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Creates (truncates) generation `generation`'s journal in `directory`.
    /// - Throws: ``EngineStateError`` naming the path.
    package init(directory: String, generation: UInt64) throws(EngineStateError) {
        self.generation = generation
        self.path = EngineStateFiles.journalPath(directory, generation)
        guard FileManager.default.createFile(atPath: self.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: self.path)
        else {
            throw EngineStateError(path: self.path, action: "create", detail: "could not create the file")
        }
        self.handle = handle
    }

    /// `true` when `output` holds anything the journal keeps.
    static func keeps(_ output: EngineOutput) -> Bool {
        !output.alerts.isEmpty || !output.zoneEvents.isEmpty || !output.usage.isEmpty || !output.alertActions.isEmpty
    }

    /// Appends `output`'s alerts, zone events, usage sessions and alert actions, emitted at `now`.
    /// - Throws: ``EngineStateError`` when the write fails (the caller counts and reports it).
    package mutating func append(_ output: EngineOutput, at now: Timestamp) throws(EngineStateError) {
        var kept = EngineOutput()
        kept.alerts = output.alerts
        kept.zoneEvents = output.zoneEvents
        kept.usage = output.usage
        kept.alertActions = output.alertActions
        self.buffer.removeAll(keepingCapacity: true)
        self.buffer.appendLE(UInt32(0))
        self.buffer.appendLE(now.microseconds)
        kept.encodeLog(into: &self.buffer)
        let length = UInt32(self.buffer.count - 4)
        for i in 0..<4 { self.buffer[i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        self.buffer.appendLE(CRC32C.checksum(self.buffer[4...]))
        do {
            try self.handle.write(contentsOf: self.buffer)
        } catch {
            throw EngineStateError(path: self.path, action: "write", detail: "\(error)")
        }
    }

    /// Closes the file (it stays on disk until a later checkpoint covers it).
    package func close() {
        try? self.handle.close()
    }

    /// The records of the journal at `path`, in order, and whether it ended in a torn or damaged
    /// record (everything before that is returned).
    static func read(path: String) -> (records: [(now: Timestamp, events: EngineOutput)], damaged: Bool) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], false) }
        let bytes = [UInt8](data)
        var records: [(now: Timestamp, events: EngineOutput)] = []
        var offset = 0
        while offset < bytes.count {
            do throws(SpoolError) {
                var header = SpoolByteReader(bytes, from: offset)
                let length = Int(try header.read(UInt32.self))
                guard length >= 8, offset + 4 + length + 4 <= bytes.count else { return (records, true) }
                var trailer = SpoolByteReader(bytes, from: offset + 4 + length)
                guard CRC32C.checksum(bytes[(offset + 4)..<(offset + 4 + length)]) == (try trailer.read(UInt32.self))
                else { return (records, true) }
                var reader = SpoolByteReader(bytes, from: offset + 4, end: offset + 4 + length)
                let now = Timestamp(microseconds: try reader.read(Int64.self))
                var events = EngineOutput()
                try events.decodeLog(from: &reader)
                records.append((now, events))
                offset += 4 + length + 4
            } catch {
                return (records, true)
            }
        }
        return (records, false)
    }
}
