import Logging
import RTLSCore
import Synchronization

/// The writer's batch ids and the rule output it stores with batches (see ``WriterLoop``).
///
/// - Important: Writer thread only, like the rest of the loop.
extension WriterLoop {
    /// The ledger holds `batchID` for a different batch (a restored or lost directory, a counter
    /// behind the ledger): never skip the batch — raise the counter above the ledger and write it
    /// again under a fresh id.
    func rewriteUnderNewID(_ batch: [Reading], events: EngineOutput, batchID: Int64, replayed: Bool) -> Bool {
        self.stats.batchIDsInUse.add(1, ordering: .relaxed)
        do {
            self.ids.raise(above: try self.sink.highestBatchID())
        } catch {
            self.recordFailure(error, rows: batch.count)
            self.scheduleRetry()
            return false
        }
        let fresh = self.ids.next()
        if self.idInUseLogged.isDue(at: self.clock.now) {
            self.logger.error(
                "Batch id already in the ledger for a different batch; writing the batch under a new id",
                metadata: ["batch.id": "\(batchID)", "batch.new_id": "\(fresh)", LogKey.batchRows: "\(batch.count)"])
        }
        return self.tryWrite(batch, events: events, batchID: fresh, replayed: replayed)
    }

    /// The next batch id, above the ledger's highest for this instance once a connection reported it.
    func nextBatchID() -> Int64 {
        if let floor = self.sink.takeLedgerFloor() { self.ids.raise(above: floor) }
        return self.ids.next()
    }

    /// Events carried from spooled batches plus what the rules stage produced since the last take.
    func takeEvents() -> EngineOutput {
        var events = self.carriedEvents
        self.carriedEvents = EngineOutput()
        // Before the take: what is in segments before this one was logged before the take, so the
        // take holds it; what is logged after may share this segment, which stays.
        let checkpoint = self.spool?.eventCheckpoint()
        self.eventSource?(&events)
        self.takenCheckpoint = self.carriedCheckpoint ?? checkpoint
        self.carriedCheckpoint = nil
        return events
    }

    /// The events of the last take are in the database. Not while events of an older take are
    /// carried (a batch written beside one that failed): the log keeps their segment until they
    /// commit with a later take.
    func eventsCommitted() {
        if self.carriedCheckpoint == nil, let checkpoint = self.takenCheckpoint { self.spool?.eventsCommitted(upTo: checkpoint) }
        self.takenCheckpoint = nil
    }

    /// Keeps events whose batch went to the spool for the next live write.
    func carry(_ events: EngineOutput) {
        self.carriedEvents.alerts.append(contentsOf: events.alerts)
        self.carriedEvents.zoneEvents.append(contentsOf: events.zoneEvents)
        self.carriedEvents.locations.append(contentsOf: events.locations)
        // The oldest carried take's checkpoint (with two batches in flight both may fail).
        if self.carriedCheckpoint == nil { self.carriedCheckpoint = self.takenCheckpoint }
        self.takenCheckpoint = nil
    }

    /// Writes alerts and zone events that arrived while no readings did (timer rules firing on a
    /// quiet site), in a batch of their own; on failure they wait for the next batch.
    func flushEventsOnly() {
        self.settleInFlight()
        let events = self.takeEvents()
        guard !events.isEmpty else { return self.eventsCommitted() }
        if self.tryWrite([], events: events, batchID: self.nextBatchID(), replayed: false) {
            self.eventsCommitted()
        } else {
            self.carry(events)
        }
    }
}
