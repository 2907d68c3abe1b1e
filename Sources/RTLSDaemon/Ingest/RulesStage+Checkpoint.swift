import RTLSCore
import Logging
import Synchronization

extension RulesStage {
    /// Starts journalling the engine's events to generation `generation` in `files`' directory
    /// and writes that generation's checkpoint of the state now in force (just restored, or
    /// empty), so the files of earlier runs can go.
    /// - Throws: ``EngineStateError`` when the journal cannot be created or the checkpoint written.
    func startCheckpoints(_ files: EngineStateFiles, generation: UInt64, now: Timestamp) throws(EngineStateError) {
        let journal = try EngineJournal(directory: files.directory, generation: generation)
        let snapshot = self.state.withLock { state in
            state.journal?.close()
            state.journal = journal
            return Self.snapshot(of: &state, at: now)
        }
        try files.saveCheckpoint(snapshot, generation: generation)
    }

    /// Takes a checkpoint: the state and a new journal generation under the lock (so no event
    /// falls between them), the file written after it.
    /// - Returns: the snapshot's tag count and how long intake waited for it.
    /// - Throws: ``EngineStateError`` when the journal cannot be created or the checkpoint written
    ///   (the previous checkpoint and journals are kept, so a crash still recovers).
    @discardableResult
    func checkpoint(_ files: EngineStateFiles, now: Timestamp) throws(EngineStateError) -> (tags: Int, locked: Duration) {
        let generation = files.nextGeneration()
        let journal = try EngineJournal(directory: files.directory, generation: generation)
        let clock = ContinuousClock()
        let began = clock.now
        let snapshot = self.state.withLock { state in
            state.journal?.close()
            state.journal = journal
            return Self.snapshot(of: &state, at: now)
        }
        let locked = clock.now - began
        try files.saveCheckpoint(snapshot, generation: generation)
        return (snapshot.tags.count, locked)
    }

    /// Stops journalling (a clean stop writes `engine-state`, which covers everything).
    func stopJournal() {
        self.state.withLock { state in
            state.journal?.close()
            state.journal = nil
        }
    }

    static func snapshot(of state: inout State, at now: Timestamp) -> EngineSnapshot {
        var snapshot = state.engine.snapshot(at: now)
        snapshot.escalation = state.escalation.entries
        return snapshot
    }

    /// Appends `state.output`'s events to the journal (under the lock, from ``emit(_:now:)``).
    func journal(_ state: inout State, now: Timestamp) {
        guard state.journal != nil, EngineJournal.keeps(state.output) else { return }
        do {
            try state.journal?.append(state.output, at: now)
        } catch {
            state.journalFailures += 1
            if state.journalFailureReported.isDue() {
                self.logger.error(
                    "Engine journal not written; a crash now would raise again the alerts fired since the last checkpoint",
                    metadata: [LogKey.errorMessage: "\(error)", "journal.failures": "\(state.journalFailures)"])
            }
        }
    }
}
