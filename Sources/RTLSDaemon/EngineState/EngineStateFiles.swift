import Foundation
import RTLSCore

/// The rules engine's state files in `[spool] dir`, for the next start:
/// - `engine-state`: written by a clean stop (``EngineStateFile``); it wins over everything else;
/// - `engine-checkpoint.<g>`: the state every `state_checkpoint_interval`, covering everything
///   before journal `g`;
/// - `engine-journal.<g>`: what the engine emitted after checkpoint `g` (``EngineJournal``).
///
/// After a crash the newest readable checkpoint and the journals from its generation on rebuild
/// the state (``recover()``). Files a newer checkpoint covers are removed once it is on disk.
struct EngineStateFiles: Sendable {
    let directory: String

    static let checkpointPrefix = "engine-checkpoint."
    static let journalPrefix = "engine-journal."

    static func journalPath(_ directory: String, _ generation: UInt64) -> String {
        directory + "/" + Self.journalPrefix + String(generation)
    }

    func checkpointPath(_ generation: UInt64) -> String {
        self.directory + "/" + Self.checkpointPrefix + String(generation)
    }

    /// What ``recover()`` rebuilt.
    struct Recovery {
        var snapshot: EngineSnapshot
        /// The checkpoint's generation (nil: none was readable; the journals alone were applied).
        var checkpoint: UInt64?
        /// Journal records applied, and whether one journal ended in a torn or damaged record.
        var records = 0
        var damaged = false
        /// Checkpoints that could not be read (an older one, or none, was used instead).
        var unreadable: [String] = []
    }

    /// The generations of the checkpoints and journals on disk, ascending.
    func generations() -> (checkpoints: [UInt64], journals: [UInt64]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: self.directory)) ?? []
        func numbers(_ prefix: String) -> [UInt64] {
            names.compactMap { $0.hasPrefix(prefix) ? UInt64($0.dropFirst(prefix.count)) : nil }.sorted()
        }
        return (numbers(Self.checkpointPrefix), numbers(Self.journalPrefix))
    }

    /// The next generation to open: above every file on disk.
    func nextGeneration() -> UInt64 {
        let (checkpoints, journals) = self.generations()
        return max(checkpoints.last ?? 0, journals.last ?? 0) + 1
    }

    /// Rebuilds the state a run that did not stop cleanly left: `nil` when there are no files.
    func recover() -> Recovery? {
        let (checkpoints, journals) = self.generations()
        guard !checkpoints.isEmpty || !journals.isEmpty else { return nil }
        var recovery = Recovery(snapshot: EngineSnapshot(takenAt: 0, nextAlertID: 0, tags: [], gateways: []))
        for generation in checkpoints.reversed() {
            let path = self.checkpointPath(generation)
            guard let data = FileManager.default.contents(atPath: path),
                let snapshot = try? EngineSnapshot(stateFileBytes: [UInt8](data))
            else {
                recovery.unreadable.append(path)
                continue
            }
            recovery.snapshot = snapshot
            recovery.checkpoint = generation
            break
        }
        for generation in journals where generation >= (recovery.checkpoint ?? 0) {
            let (records, damaged) = EngineJournal.read(path: Self.journalPath(self.directory, generation))
            for record in records { recovery.snapshot.apply(record.events, at: record.now) }
            recovery.records += records.count
            recovery.damaged = recovery.damaged || damaged
        }
        return recovery
    }

    /// Writes checkpoint `generation` (a temporary file renamed over), then removes the checkpoints
    /// and journals it covers.
    /// - Throws: ``EngineStateError`` when the write fails (older files are then kept).
    func saveCheckpoint(_ snapshot: EngineSnapshot, generation: UInt64) throws(EngineStateError) {
        let path = self.checkpointPath(generation)
        do {
            try Data(snapshot.stateFileBytes()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw EngineStateError(path: path, action: "write", detail: "\(error)")
        }
        self.remove(below: generation)
    }

    /// Removes the checkpoints and journals older than `generation`.
    func remove(below generation: UInt64) {
        let (checkpoints, journals) = self.generations()
        for g in checkpoints where g < generation { try? FileManager.default.removeItem(atPath: self.checkpointPath(g)) }
        for g in journals where g < generation {
            try? FileManager.default.removeItem(atPath: Self.journalPath(self.directory, g))
        }
    }

    /// Removes every checkpoint and journal (a clean stop's `engine-state` covers them).
    func removeAll() {
        self.remove(below: UInt64.max)
    }
}
