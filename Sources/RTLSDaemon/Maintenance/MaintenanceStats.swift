public import Synchronization

/// What the maintenance service did and saw, for `/metrics` and `/ready`: written by its thread,
/// read by scrapes.
public final class MaintenanceStats: Sendable {
    /// Passes (partitions, retention, ledger) that completed.
    public let passes = Atomic<UInt64>(0)
    /// Passes or job checks that failed (database unreachable, a lock timeout, an error).
    public let failures = Atomic<UInt64>(0)
    /// Unix seconds of the last completed pass; 0 before one.
    public let lastPassUnixSeconds = Atomic<Int64>(0)
    /// Daily partitions created and dropped (partitioned storage).
    public let partitionsCreated = Atomic<UInt64>(0)
    public let partitionsDropped = Atomic<UInt64>(0)
    /// TimescaleDB retention policies set to the configured days.
    public let retentionPoliciesSet = Atomic<UInt64>(0)
    /// `ingest_batches` rows deleted.
    public let ledgerRowsDeleted = Atomic<UInt64>(0)
    /// The storage found: 0 not known yet, 1 partitioned, 2 TimescaleDB.
    public let storage = Atomic<Int>(0)
    /// Whether TimescaleDB jobs have been checked at least once.
    public let jobsChecked = Atomic<Bool>(false)
    /// Policy jobs at the last check.
    public let jobs = Atomic<Int>(0)
    /// Jobs whose background runs fail (or that no worker runs) at the last check.
    public let jobsFailing = Atomic<Int>(0)
    /// Failing jobs rtlsd's own last `run_job` of which did not succeed (or that it does not run:
    /// `run_failed_jobs = false`): `/ready` fails while this is above 0.
    public let jobsUnhandled = Atomic<Int>(0)
    /// `CALL run_job` by rtlsd that succeeded and failed.
    public let jobRunsSucceeded = Atomic<UInt64>(0)
    public let jobRunsFailed = Atomic<UInt64>(0)
    /// The ids of the failing jobs at the last check, for `/ready`.
    public let failingJobIDs = Mutex<[Int]>([])

    public init() {}
}
