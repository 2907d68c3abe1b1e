import Foundation
import Logging
import RTLSCore

extension Daemon {
    /// Takes over the engine state the last run left (before the first message): a clean stop's
    /// `engine-state`, else — the last run crashed — its newest checkpoint brought up to date with
    /// the engine journal. Then, with `checkpointEvery`, starts journalling and returns the service
    /// that writes checkpoints.
    /// - Throws: ``EngineStateError`` when the first journal or checkpoint cannot be written in
    ///   `[spool] dir` (rtlsd does not start: the directory is not writable).
    static func restoreEngineState(
        _ rules: RulesStage, from file: EngineStateFile, checkpointEvery: Duration?, logger: Logger
    ) throws(EngineStateError) -> EngineCheckpointService? {
        let files = EngineStateFiles(directory: (file.path as NSString).deletingLastPathComponent)
        let now = DaemonClock.now()
        var clean: EngineSnapshot?
        do {
            clean = try file.take()
        } catch {
            logger.error(
                "Engine state from the last run not usable; starting with empty tag state (open alerts still true fire again under new ids)",
                metadata: [LogKey.errorMessage: "\(error)"])
        }
        if let clean {
            let summary = rules.restore(clean, now: now)
            logger.notice(
                "Engine state from the last run restored: open alerts stay open, tags keep their rooms",
                metadata: Self.metadata(summary, age: now.microseconds - clean.takenAt))
        } else if let recovery = files.recover() {
            let summary = rules.restore(recovery.snapshot, now: now)
            var metadata = Self.metadata(summary, age: now.microseconds - recovery.snapshot.takenAt)
            metadata["state.checkpoint"] = "\(recovery.checkpoint.map { files.checkpointPath($0) } ?? "none")"
            metadata["state.journal_records"] = "\(recovery.records)"
            logger.notice(
                "Engine state recovered after an unclean stop (checkpoint and journal): open alerts stay open, tags keep their rooms",
                metadata: metadata)
            if recovery.damaged || !recovery.unreadable.isEmpty {
                logger.warning(
                    "Engine state files partly unreadable: alerts fired just before the crash may fire again",
                    metadata: [
                        "state.unreadable": "\(recovery.unreadable.joined(separator: ","))",
                        "state.journal_damaged": "\(recovery.damaged)",
                    ])
            }
        }
        guard let every = checkpointEvery else {
            files.removeAll()
            return nil
        }
        try rules.startCheckpoints(files, generation: files.nextGeneration(), now: now)
        return EngineCheckpointService(stage: rules, files: files, interval: every, logger: logger)
    }

    private static func metadata(_ summary: RuleEngine.RestoreSummary, age: Int64) -> Logger.Metadata {
        [
            "state.tags": "\(summary.tags)", "state.open_alerts": "\(summary.openAlerts)",
            "state.open_sessions": "\(summary.openSessions)",
            "state.dropped_alerts": "\(summary.droppedAlerts)", "state.dropped_tags": "\(summary.droppedTags)",
            "state.age_s": "\(max(0, age) / 1_000_000)",
        ]
    }

    /// Leaves the engine state for the next start (the end of a clean stop: intake has stopped);
    /// it covers the checkpoints and journals, which are then removed.
    func saveEngineState() {
        guard let rules = self.rules, let file = self.stateFile else { return }
        rules.stopJournal()
        let snapshot = rules.snapshot(at: DaemonClock.now())
        do {
            try file.save(snapshot)
            EngineStateFiles(directory: (file.path as NSString).deletingLastPathComponent).removeAll()
            self.logger.info(
                "Engine state saved for the next start",
                metadata: [
                    "state.tags": "\(snapshot.tags.count)", "state.open_alerts": "\(snapshot.openAlerts)",
                    "state.open_sessions": "\(snapshot.openSessions)",
                ])
        } catch {
            self.logger.error(
                "Engine state not saved; the next start recovers from the last checkpoint and journal, if any",
                metadata: [LogKey.errorMessage: "\(error)"])
        }
    }
}
