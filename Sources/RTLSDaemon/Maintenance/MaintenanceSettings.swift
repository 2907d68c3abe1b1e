/// What the maintenance service does, from `[database]`.
public struct MaintenanceSettings: Sendable, Equatable {
    /// libpq conninfo (password resolved): the service opens its own connection with it.
    public var conninfo: String
    /// Retention in days per time-series table (partition drops, or TimescaleDB policies).
    public var retentionDays: [String: Int]
    /// Days of partitions to create ahead (partitioned storage).
    public var partitionsAheadDays: Int
    /// `ingest_batches` rows older than this many days go; 0 keeps them.
    public var ledgerRetentionDays: Int
    /// This daemon's `[database] instance`: only its ledger rows are pruned.
    public var instance: String
    /// Between passes (partitions, retention, ledger).
    public var interval: Duration
    /// Between TimescaleDB job checks; also the retry delay after a failed pass.
    public var jobCheckInterval: Duration
    /// Run failing policy jobs with `CALL run_job`.
    public var runFailedJobs: Bool
    /// `lock_timeout` of the service's session.
    public var lockTimeout: Duration

    /// Creates the settings.
    public init(
        conninfo: String, retentionDays: [String: Int], partitionsAheadDays: Int = 3, ledgerRetentionDays: Int = 30,
        instance: String, interval: Duration = .seconds(3600), jobCheckInterval: Duration = .seconds(60),
        runFailedJobs: Bool = true, lockTimeout: Duration = .seconds(5)
    ) {
        self.conninfo = conninfo
        self.retentionDays = retentionDays
        self.partitionsAheadDays = partitionsAheadDays
        self.ledgerRetentionDays = ledgerRetentionDays
        self.instance = instance
        self.interval = interval
        self.jobCheckInterval = jobCheckInterval
        self.runFailedJobs = runFailedJobs
        self.lockTimeout = lockTimeout
    }

    /// The settings `config` asks for.
    public init(config: DaemonConfig, conninfo: String) {
        let db = config.database
        self.init(
            conninfo: conninfo,
            retentionDays: [
                "location_readings": db.retentionLocationDays, "sensor_readings": db.retentionSensorDays,
                "alerts": db.retentionAlertDays, "zone_events": db.retentionAlertDays,
                "usage_logs": db.retentionAlertDays, "alert_actions": db.retentionAlertDays,
            ],
            partitionsAheadDays: db.partitionsAheadDays, ledgerRetentionDays: db.ledgerRetentionDays,
            instance: db.instance, interval: db.maintenanceInterval, jobCheckInterval: db.jobCheckInterval,
            runFailedJobs: db.runFailedJobs, lockTimeout: db.maintenanceLockTimeout)
    }
}
