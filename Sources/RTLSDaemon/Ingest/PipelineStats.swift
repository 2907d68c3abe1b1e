public import Synchronization

/// Counters shared by the ingest thread, the writer thread and whoever reports (status line,
/// metrics, tests). Each counter is a relaxed atomic: totals, not a consistent snapshot.
public final class PipelineStats: Sendable {
    /// MQTT messages handed to the pipeline.
    public let messagesReceived = Atomic<UInt64>(0)
    /// Readings decoded and pushed into the ring.
    public let readingsDecoded = Atomic<UInt64>(0)
    /// Readings committed to the database.
    public let readingsWritten = Atomic<UInt64>(0)
    /// Batches committed.
    public let batchesWritten = Atomic<UInt64>(0)
    /// Whole messages rejected (not JSON, too large, no decoder …).
    public let messagesRejected = Atomic<UInt64>(0)
    /// Items of batched payloads rejected while the rest was kept.
    public let itemsRejected = Atomic<UInt64>(0)
    /// Readings whose device clock was too far ahead.
    public let readingsSkewed = Atomic<UInt64>(0)
    /// Failed database writes (each retried).
    public let writeFailures = Atomic<UInt64>(0)
    /// Readings given up on at shutdown because neither the database nor the ring could take them.
    public let readingsAbandoned = Atomic<UInt64>(0)
    /// Readings intake left in the write-ahead log only, because the ring was full (the writer was
    /// behind): the writer reads them back from the log and stores them in order. Not a loss.
    public let readingsLeftInLog = Atomic<UInt64>(0)
    /// Readings the writer read back from the write-ahead log and stored after intake left them
    /// there (counted in ``readingsWritten`` too).
    public let readingsCaughtUp = Atomic<UInt64>(0)
    /// Readings logged but not yet committed (write-ahead log on): how far behind storage is.
    public let writeAheadBacklogReadings = Atomic<Int64>(0)
    /// Failed write-ahead appends (log full or disk error; each retried while intake waits).
    public let writeAheadFailures = Atomic<UInt64>(0)
    /// Last commit's receipt→commit latency of its oldest reading, in microseconds.
    public let lastCommitLagMicroseconds = Atomic<Int64>(0)
    /// Advances every time the writer thread goes round its loop or retries a write: proof of life
    /// for the watchdog that does not stop during a database outage (the batch is being retried,
    /// not lost, so systemd must not kill the process and drop the ring).
    public let writerHeartbeat = Atomic<UInt64>(0)
    /// Bytes in the disk spool (batches waiting for the database).
    public let spoolBytes = Atomic<Int64>(0)
    /// Batches in the disk spool.
    public let spoolBatches = Atomic<Int64>(0)
    /// Readings put in the spool because the database did not take them.
    public let readingsSpooled = Atomic<UInt64>(0)
    /// Spooled readings replayed into the database (counted in ``readingsWritten`` too).
    public let readingsReplayed = Atomic<UInt64>(0)
    /// Readings the database lacked after a reconnection although rtlsd had committed them (a
    /// promoted standby), queued for replay from the write-ahead log's failover window.
    public let readingsFailoverReplayed = Atomic<UInt64>(0)
    /// Readings the database lacked that were older than the failover window: lost.
    public let readingsFailoverLost = Atomic<UInt64>(0)
    /// Batches found already committed in the ledger on replay (skipped: exactly once).
    public let batchesAlreadyCommitted = Atomic<UInt64>(0)
    /// Batches whose id the ledger held for a different batch (written again under a new id).
    public let batchIDsInUse = Atomic<UInt64>(0)
    /// Readings the database refused for good, stored in `dead_letter`.
    public let readingsDeadLettered = Atomic<UInt64>(0)
    /// Times a batch could not be spooled because the spool was at `max_bytes`.
    public let spoolFullEvents = Atomic<UInt64>(0)
    /// Spool records that could not be read back (damaged) and were skipped.
    public let spoolCorruptRecords = Atomic<UInt64>(0)
    /// MQTT messages dropped as duplicates (same topic and payload within the window).
    public let duplicatesDropped = Atomic<UInt64>(0)
    /// Readings stored with `gateway_id` NULL: their gateway is not in site.toml and
    /// `[ingest] allow_unknown_gateways = false` (no `gateways` row was made).
    public let readingsUnknownGateway = Atomic<UInt64>(0)
    /// Location readings stored with `zone_id` NULL: their zone is not in site.toml and
    /// `[ingest] allow_unknown_zones = false` (no `zones` row was made).
    public let readingsUnknownZone = Atomic<UInt64>(0)
    /// Tags, gateways, zones and metrics whose ids the writer holds in memory.
    public let referenceCacheEntries = Atomic<Int>(0)
    /// Tag ids the writer forgot to stay within `[database] reference_cache_entries`.
    public let referenceCacheEvictions = Atomic<UInt64>(0)
    /// `true` while the database accepts writes.
    public let databaseUp = Atomic<Bool>(false)
    /// `true` while subscribed to the broker.
    public let brokerUp = Atomic<Bool>(false)
    /// Alerts whose MQTT copy was dropped: too many waited for the broker, or the client refused it
    /// (``AlertPublisher``); journald and the `alerts` table still have them.
    public let alertsNotPublished = Atomic<UInt64>(0)
    /// `true` while the alert output's own connection (`<client_id>-alerts`) is up.
    public let alertBrokerUp = Atomic<Bool>(false)

    /// Per-message and per-batch tallies the metrics endpoint reads (decoder/kind, batch sizes).
    public let tallies = MetricTallies()

    private let reasons = Mutex<[String: UInt64]>([:])
    private let nulledReasons = Mutex<[String: UInt64]>([:])

    /// Creates zeroed counters.
    public init() {}

    /// Counts one rejection by reason (called on the error path only).
    public func countRejection(reason: String) {
        self.reasons.withLock { $0[reason, default: 0] += 1 }
    }

    /// Rejections so far, by reason (`not_json`, `missing_field` …).
    public var rejectionsByReason: [String: UInt64] {
        self.reasons.withLock { $0 }
    }

    /// Counts one field set to NULL by reason (`out_of_range`, `wrong_type`); its reading was kept.
    public func countNulled(reason: String) {
        self.nulledReasons.withLock { $0[reason, default: 0] += 1 }
    }

    /// Fields set to NULL so far, by reason.
    public var nulledByReason: [String: UInt64] {
        self.nulledReasons.withLock { $0 }
    }
}
