import Foundation
public import RTLSCore

/// Everything `rtlsd` reads from its TOML config file, validated.
public struct DaemonConfig: Sendable, Equatable {
    /// Broker connection and subscription settings (`[mqtt]`).
    public struct MQTT: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 1883
        /// Stable client id: the broker keys the persistent session on it.
        public var clientID = "rtlsd"
        public var cleanSession = false
        public var qos = 1
        public var keepAliveSeconds = 30
        public var username: String?
        /// File holding the password (first line); never the password itself.
        public var passwordFile: String?
        public var caFile: String?
        public var certFile: String?
        public var keyFile: String?
        public var reconnectMinSeconds = 1
        public var reconnectMaxSeconds = 30
        /// Messages larger than this are counted and skipped.
        public var maxMessageBytes = 1 << 20
        /// `intake_nice`: the nice value of rtlsd's MQTT threads (intake and rules, alert output), so
        /// they win the CPU over storage (and over whatever else shares their scheduling group: with
        /// autogroups or the cgroup CPU controller, not other services) when it is short; nil when the
        /// file does not set it (``defaultIntakeNice`` then, and a refusal is a notice, not a warning).
        public var intakeNice: Int?
        /// `intake_nice` when the file does not set it. −20, not −10: at full speed on 2 cores the
        /// MQTT thread at −10 still waited for a core 21–33 % of the time and the broker's queue in
        /// front of it reached ~4 MB (publish → alert p99 0.58–0.75 s); at −20 it waited 5–6 % and
        /// p99 was 93–121 ms (BENCHMARKS.md, "where the inbound hop waits", session 10).
        public static let defaultIntakeNice = -20
    }

    /// One topic pattern and the decoder that reads it (`[[decoder]]`).
    public struct DecoderRoute: Sendable, Equatable {
        public var pattern: TopicPattern
        public var decoderID: String
        /// Offset east of UTC, in seconds, for formats whose timestamps have none (Tasmota).
        public var utcOffsetSeconds: Int32
        /// Whether the route sets `utc_offset`; without it such timestamps are read in the site's
        /// `[facility] timezone` (UTC without a site file).
        public var utcOffsetGiven = false
    }

    /// Database settings (`[database]`).
    public struct Database: Sendable, Equatable {
        /// libpq conninfo without the password.
        public var conninfo = "host=127.0.0.1 port=5432 dbname=rtls user=rtls"
        /// File holding the password; else libpq's PGPASSFILE / ~/.pgpass applies.
        public var passwordFile: String?
        /// `auto` uses TimescaleDB when the extension is available.
        public var timescaledb = "auto"
        public var partitionsAheadDays = 3
        public var retentionLocationDays = 730
        public var retentionSensorDays = 1826
        public var retentionAlertDays = 2557
        /// `ingest_batches` rows older than this are pruned (see `LedgerRetention`); 0 keeps them.
        public var ledgerRetentionDays = 30
        /// How often the maintenance service creates partitions ahead, applies retention (partition
        /// drops or TimescaleDB policies) and prunes the ledger (`maintenance_interval`).
        public var maintenanceInterval: Duration = .seconds(3600)
        /// How often it reads TimescaleDB job health, and retries a failed pass (`job_check_interval`).
        public var jobCheckInterval: Duration = .seconds(60)
        /// Run a TimescaleDB policy job whose background runs fail with `CALL run_job` once per
        /// schedule interval (`run_failed_jobs`).
        public var runFailedJobs = true
        /// How long a maintenance statement may wait for a lock (`maintenance_lock_timeout`): the
        /// writer's COPY queues behind a DDL waiting for its lock, so this bounds that stall.
        public var maintenanceLockTimeout: Duration = .seconds(5)
        /// Where the `NNN_*.sql` migrations live.
        public var migrationsDirectory = "/usr/local/share/rtlsd/sql"
        /// Tags whose reference ids the writer keeps in memory (`reference_cache_entries`); beyond it
        /// the least recently used are forgotten (see `ReferenceIDCache`).
        public var referenceCacheEntries = 200_000
        /// This daemon's name in the shared ledger (`ingest_batches.instance`): unique among the
        /// daemons writing to one database, stable across restarts. Default: the host name.
        public var instance = DaemonConfig.defaultInstance
    }

    /// Batching (`[writer]`).
    public struct Writer: Sendable, Equatable {
        public var batchSize = 5_000
        public var lingerMilliseconds = 200
        public var ringCapacity = 262_144
        public var drainTimeoutSeconds = 20
        /// Database connections the writer writes batches on (`connections`, 1 or 2): with 2, a live
        /// batch is written while the previous one commits (see `WriterLoop+InFlight.swift`).
        public var connections = 2
        /// `ring_full = "wait"`: intake waits on a full ring even with the write-ahead log (the
        /// default, `"log"`, leaves readings in the log and the writer catches up from it).
        public var waitWhenRingFull = false
        /// `storage_nice`: nice levels the writer and maintenance threads run below the rest of
        /// rtlsd, so that when the CPU is short the MQTT thread (intake and rules, where alerts
        /// are raised) runs first and storage catches up after (0, the default: the same priority).
        public var storageNice = 0
    }

    /// Ingest limits (`[ingest]`).
    public struct Ingest: Sendable, Equatable {
        public var maxClockSkewSeconds = 300
        /// Recent (topic, payload) keys remembered to recognise MQTT redeliveries after a reconnect
        /// or restart; 0 disables (see ``RedeliveryFilter``).
        public var duplicateWindow = 65_536
        /// How long before a lost connection a message may be redelivered, and how long after the
        /// next connection redeliveries are dropped.
        public var redeliverySeconds = 10
        /// `false`: readings from a gateway not in `site.toml` are stored with `gateway_id` NULL and
        /// counted; no `gateways` row is made for it (see `ReferencePolicy`). Needs `[site] file`.
        public var allowUnknownGateways = true
        /// `false`: the same for zones (`zone_id` NULL, no `zones` row).
        public var allowUnknownZones = true
    }

    /// The disk spool for batches the database cannot take (`[spool]`).
    public struct Spool: Sendable, Equatable {
        /// Spool directory; `nil` disables the spool (batches are then held in memory only).
        public var directory: String?
        public var maxBytes: Int64 = 1 << 30
        public var segmentBytes: Int64 = 64 << 20
        /// `nil`: fsync every append (`fsync = "batch"`); else at most once per interval.
        public var fsyncIntervalMilliseconds: Int? = 200
        /// `write_ahead = true`: log every message's readings before acknowledging it (see
        /// ``WriteAheadLog``); the directory then holds the log instead of copies of batches.
        public var writeAhead = true
        /// `state_checkpoint_interval`: how often the rules engine's state is written to
        /// `engine-checkpoint` for a start after a crash (`nil`: never; only a clean stop leaves state).
        public var stateCheckpointInterval: Duration? = .seconds(60)
        /// `failover_window_s`: the write-ahead log keeps segments this long after everything in
        /// them committed, to replay what a promoted standby lacks (0: deleted at once).
        public var failoverWindowSeconds = 300
        /// `failover_window_bytes`: at most this many bytes of such segments.
        public var failoverWindowBytes: Int64 = 256 << 20
    }

    /// The Prometheus endpoint (`[metrics]`).
    public struct Metrics: Sendable, Equatable {
        /// `IPv4:port` serving `GET /metrics`, e.g. `127.0.0.1:9464`; nil = no endpoint.
        public var listen: String?
    }

    /// Logging (`[log]`).
    public struct Log: Sendable, Equatable {
        public var level = "info"
        public var target = "auto"
    }

    public var file: String

    /// The defaults, as if `file` held nothing but required keys.
    public init(file: String) {
        self.file = file
    }

    /// The host name, reduced to the characters an instance name allows (`rtlsd` if none are left).
    public static var defaultInstance: String {
        let allowed = ProcessInfo.processInfo.hostName.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        return allowed.isEmpty ? "rtlsd" : String(allowed.prefix(64))
    }
    public var mqtt = MQTT()
    public var decoders: [DecoderRoute] = []
    public var database = Database()
    public var writer = Writer()
    public var ingest = Ingest()
    public var spool = Spool()
    public var log = Log()
    public var metrics = Metrics()
    /// Optional site model / rules files (`[site]`), relative to the config file's folder.
    public var siteFile: String?
    /// Publish alerts as JSON on `<prefix>/<severity>` (QoS 1), e.g. `rtls/alerts/site1`; nil = off.
    public var alertTopicPrefix: String?
    /// Topic on which acknowledgements arrive (`{"alert_id": N, "by": "name"}`); nil = none accepted.
    public var alertAckTopic: String?
    /// Escalate unacknowledged critical alerts after this long; nil = never.
    public var alertEscalateAfter: Duration?
    /// Where escalations are published: `escalation_topic`, else `<mqtt_topic_prefix>/escalated`; nil = not published.
    public var alertEscalationTopic: String?
    public var rulesFile: String?
}
