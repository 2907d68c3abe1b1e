import RTLSCore

/// What a reload does with each config section that changed: applies it live, or leaves the
/// running value in force and names it for a restart. Pure: the running config and the new one
/// in, two lists out (``ReloadService`` carries them out and logs them).
///
/// Applied live: `[[decoder]]` routes while the subscribed topic filters stay the same, and
/// `[site]` (the site and rules files are re-read on every reload while a site is configured).
/// Everything else is built once at start and needs a restart.
struct ReloadPlan: Sendable, Equatable {
    /// One changed section and the keys in it that changed.
    struct Change: Sendable, Equatable, CustomStringConvertible {
        var section: ConfigSection
        /// The TOML keys that differ, in file order; empty when only the section can be named.
        var keys: [String]
        /// Why a change a reload could otherwise apply needs a restart, if it does.
        var reason: String?

        init(_ section: ConfigSection, keys: [String], reason: String? = nil) {
            self.section = section
            self.keys = keys
            self.reason = reason
        }

        /// `[database] conninfo, instance`.
        var description: String {
            self.keys.isEmpty ? "\(self.section)" : "\(self.section) \(self.keys.joined(separator: ", "))"
        }
    }

    /// Changes the reload applies.
    var applied: [Change] = []
    /// Changes that take effect only when rtlsd restarts; the running values stay in force.
    var needsRestart: [Change] = []
    /// Whether the site and rules files are re-read (a site is configured before and after).
    var reloadsSiteAndRules = false

    /// Compares the config in force with the one just loaded, section by section.
    /// - Parameters:
    ///   - running: The config in force.
    ///   - next: The config the file now holds.
    /// - Returns: Every changed section in ``ConfigSection`` order, applied or needing a restart.
    static func compare(running: DaemonConfig, next: DaemonConfig) -> ReloadPlan {
        var plan = ReloadPlan()
        plan.reloadsSiteAndRules = running.siteFile != nil && next.siteFile != nil
        for section in ConfigSection.allCases {
            guard let keys = Self.changedKeys(section, running: running, next: next) else { continue }
            switch section {
            case .decoder:
                if Set(running.decoders.map(\.pattern.subscriptionFilter))
                    == Set(next.decoders.map(\.pattern.subscriptionFilter))
                {
                    plan.applied.append(Change(section, keys: keys))
                } else {
                    plan.needsRestart.append(
                        Change(section, keys: keys, reason: "the subscribed topic filters differ"))
                }
            case .site:
                if plan.reloadsSiteAndRules {
                    plan.applied.append(Change(section, keys: keys))
                } else {
                    plan.needsRestart.append(Change(section, keys: keys, reason: "adding or removing a site"))
                }
            case .mqtt, .database, .writer, .ingest, .spool, .log, .alerts, .metrics:
                plan.needsRestart.append(Change(section, keys: keys))
            }
        }
        return plan
    }

    /// The config in force after this plan: `running` with the applied sections taken from `next`.
    func inForce(running: DaemonConfig, next: DaemonConfig) -> DaemonConfig {
        var config = running
        for change in self.applied {
            switch change.section {
            case .decoder: config.decoders = next.decoders
            case .site:
                config.siteFile = next.siteFile
                config.rulesFile = next.rulesFile
            case .mqtt, .database, .writer, .ingest, .spool, .log, .alerts, .metrics:
                preconditionFailure("\(change.section) is never applied by a reload")
            }
        }
        return config
    }

    /// The keys of `section` that differ, `[]` when the section differs but no listed key does,
    /// or `nil` when it is unchanged. Whole-section equality decides, so a field missing from the
    /// key lists is still named (by its section).
    static func changedKeys(_ section: ConfigSection, running a: DaemonConfig, next b: DaemonConfig) -> [String]? {
        var d = KeyDiff()
        let sectionDiffers: Bool
        switch section {
        case .mqtt:
            sectionDiffers = a.mqtt != b.mqtt
            let (x, y) = (a.mqtt, b.mqtt)
            d.check("host", x.host, y.host)
            d.check("port", x.port, y.port)
            d.check("client_id", x.clientID, y.clientID)
            d.check("clean_session", x.cleanSession, y.cleanSession)
            d.check("qos", x.qos, y.qos)
            d.check("keepalive", x.keepAliveSeconds, y.keepAliveSeconds)
            d.check("username", x.username, y.username)
            d.check("password_file", x.passwordFile, y.passwordFile)
            d.check("ca_file", x.caFile, y.caFile)
            d.check("cert_file", x.certFile, y.certFile)
            d.check("key_file", x.keyFile, y.keyFile)
            d.check("reconnect_min_s", x.reconnectMinSeconds, y.reconnectMinSeconds)
            d.check("reconnect_max_s", x.reconnectMaxSeconds, y.reconnectMaxSeconds)
            d.check("max_message_bytes", x.maxMessageBytes, y.maxMessageBytes)
            d.check("intake_nice", x.intakeNice, y.intakeNice)
        case .decoder:
            sectionDiffers = a.decoders != b.decoders
            d.check("topic", a.decoders.map(\.pattern), b.decoders.map(\.pattern))
            d.check("decoder", a.decoders.map(\.decoderID), b.decoders.map(\.decoderID))
            d.check("utc_offset", a.decoders.map(\.utcOffsetSeconds), b.decoders.map(\.utcOffsetSeconds))
        case .database:
            sectionDiffers = a.database != b.database
            let (x, y) = (a.database, b.database)
            d.check("conninfo", x.conninfo, y.conninfo)
            d.check("password_file", x.passwordFile, y.passwordFile)
            d.check("timescaledb", x.timescaledb, y.timescaledb)
            d.check("partitions_ahead_days", x.partitionsAheadDays, y.partitionsAheadDays)
            d.check("retention_location_days", x.retentionLocationDays, y.retentionLocationDays)
            d.check("retention_sensor_days", x.retentionSensorDays, y.retentionSensorDays)
            d.check("retention_alert_days", x.retentionAlertDays, y.retentionAlertDays)
            d.check("ledger_retention_days", x.ledgerRetentionDays, y.ledgerRetentionDays)
            d.check("maintenance_interval", x.maintenanceInterval, y.maintenanceInterval)
            d.check("job_check_interval", x.jobCheckInterval, y.jobCheckInterval)
            d.check("run_failed_jobs", x.runFailedJobs, y.runFailedJobs)
            d.check("maintenance_lock_timeout", x.maintenanceLockTimeout, y.maintenanceLockTimeout)
            d.check("migrations_dir", x.migrationsDirectory, y.migrationsDirectory)
            d.check("instance", x.instance, y.instance)
            d.check("reference_cache_entries", x.referenceCacheEntries, y.referenceCacheEntries)
        case .writer:
            sectionDiffers = a.writer != b.writer
            let (x, y) = (a.writer, b.writer)
            d.check("batch_size", x.batchSize, y.batchSize)
            d.check("linger_ms", x.lingerMilliseconds, y.lingerMilliseconds)
            d.check("ring_capacity", x.ringCapacity, y.ringCapacity)
            d.check("drain_timeout_s", x.drainTimeoutSeconds, y.drainTimeoutSeconds)
            d.check("ring_full", x.waitWhenRingFull, y.waitWhenRingFull)
            d.check("storage_nice", x.storageNice, y.storageNice)
            d.check("connections", x.connections, y.connections)
        case .ingest:
            sectionDiffers = a.ingest != b.ingest
            let (x, y) = (a.ingest, b.ingest)
            d.check("max_clock_skew_s", x.maxClockSkewSeconds, y.maxClockSkewSeconds)
            d.check("duplicate_window", x.duplicateWindow, y.duplicateWindow)
            d.check("redelivery_seconds", x.redeliverySeconds, y.redeliverySeconds)
            d.check("allow_unknown_gateways", x.allowUnknownGateways, y.allowUnknownGateways)
            d.check("allow_unknown_zones", x.allowUnknownZones, y.allowUnknownZones)
        case .spool:
            sectionDiffers = a.spool != b.spool
            let (x, y) = (a.spool, b.spool)
            d.check("dir", x.directory, y.directory)
            d.check("max_bytes", x.maxBytes, y.maxBytes)
            d.check("segment_bytes", x.segmentBytes, y.segmentBytes)
            d.check("fsync", x.fsyncIntervalMilliseconds, y.fsyncIntervalMilliseconds)
            d.check("write_ahead", x.writeAhead, y.writeAhead)
            d.check("failover_window_s", x.failoverWindowSeconds, y.failoverWindowSeconds)
            d.check("failover_window_bytes", x.failoverWindowBytes, y.failoverWindowBytes)
        case .log:
            sectionDiffers = a.log != b.log
            d.check("level", a.log.level, b.log.level)
            d.check("target", a.log.target, b.log.target)
        case .site:
            sectionDiffers = a.siteFile != b.siteFile || a.rulesFile != b.rulesFile
            d.check("file", a.siteFile, b.siteFile)
            d.check("rules", a.rulesFile, b.rulesFile)
        case .alerts:
            sectionDiffers =
                a.alertTopicPrefix != b.alertTopicPrefix || a.alertAckTopic != b.alertAckTopic
                || a.alertEscalateAfter != b.alertEscalateAfter || a.alertEscalationTopic != b.alertEscalationTopic
            d.check("mqtt_topic_prefix", a.alertTopicPrefix, b.alertTopicPrefix)
            d.check("ack_topic", a.alertAckTopic, b.alertAckTopic)
            d.check("escalate_after", a.alertEscalateAfter, b.alertEscalateAfter)
            d.check("escalation_topic", a.alertEscalationTopic, b.alertEscalationTopic)
        case .metrics:
            sectionDiffers = a.metrics != b.metrics
            d.check("listen", a.metrics.listen, b.metrics.listen)
        }
        return sectionDiffers ? d.keys : nil
    }

    /// Collects the names of keys whose values differ.
    private struct KeyDiff {
        var keys: [String] = []

        mutating func check<Value: Equatable>(_ key: String, _ running: Value, _ next: Value) {
            if running != next { self.keys.append(key) }
        }
    }
}
