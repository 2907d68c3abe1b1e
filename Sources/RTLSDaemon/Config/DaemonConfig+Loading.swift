import Foundation
import RTLSCore
import TOMLKit

extension DaemonConfig {
    /// Reads and validates a config file.
    /// - Throws: `ConfigError` naming the file, line and key.
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        try self.build(try TOMLDocument.load(path: path))
    }

    /// Parses config text; `file` is used in messages and to resolve relative paths.
    public static func parse(text: String, file: String) throws(ConfigError) -> DaemonConfig {
        try self.build(try TOMLDocument.parse(text: text, file: file))
    }

    private static func build(_ doc: TOMLDocument<ConfigError>) throws(ConfigError) -> DaemonConfig {
        let file = doc.file
        var config = DaemonConfig(file: file)
        let baseDirectory = (file as NSString).deletingLastPathComponent

        try doc.rejectUnknownTables(allowed: Set(ConfigSection.allCases.map(\.rawValue)))

        var mqtt = try section(doc, "mqtt")
        config.mqtt.host = try mqtt.string("host") ?? config.mqtt.host
        config.mqtt.port = try mqtt.int("port", range: 1...65535) ?? config.mqtt.port
        config.mqtt.clientID = try mqtt.string("client_id") ?? config.mqtt.clientID
        config.mqtt.cleanSession = try mqtt.bool("clean_session") ?? false
        let qosValue = try mqtt.int("qos", range: Int.min...Int.max) ?? 1
        guard (0...2).contains(qosValue) else {
            throw mqtt.error(.invalidValue, key: "qos", "= \(qosValue) must be 0, 1 or 2")
        }
        config.mqtt.qos = qosValue
        config.mqtt.keepAliveSeconds = try mqtt.int("keepalive", range: 5...3600) ?? 30
        config.mqtt.username = try mqtt.nonEmptyString("username")
        config.mqtt.passwordFile = try mqtt.nonEmptyString("password_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.caFile = try mqtt.nonEmptyString("ca_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.certFile = try mqtt.nonEmptyString("cert_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.keyFile = try mqtt.nonEmptyString("key_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.reconnectMinSeconds = try mqtt.int("reconnect_min_s", range: 1...3600) ?? 1
        config.mqtt.reconnectMaxSeconds = try mqtt.int("reconnect_max_s", range: 1...3600) ?? 30
        config.mqtt.maxMessageBytes = try mqtt.int("max_message_bytes", range: 64...(256 << 20)) ?? (1 << 20)
        config.mqtt.intakeNice = try mqtt.int("intake_nice", range: -20...19)
        if config.mqtt.clientID.isEmpty {
            throw mqtt.error(.invalidValue, key: "client_id", "must not be empty")
        }
        if !config.mqtt.cleanSession && config.mqtt.clientID.contains("%") {
            throw mqtt.error(.invalidValue, key: "client_id", "must be a fixed id: the broker keys the persistent session on it")
        }
        if (config.mqtt.certFile == nil) != (config.mqtt.keyFile == nil) {
            throw mqtt.error(.invalidValue, key: "cert_file", "and key_file must be given together")
        }
        if config.mqtt.reconnectMaxSeconds < config.mqtt.reconnectMinSeconds {
            throw mqtt.error(.invalidValue, key: "reconnect_max_s", "must not be below reconnect_min_s")
        }
        try mqtt.rejectUnknownKeys()

        config.decoders = try decoderRoutes(doc)

        var db = try section(doc, "database")
        config.database.conninfo = try db.string("conninfo") ?? config.database.conninfo
        if config.database.conninfo.contains("password=") {
            throw db.error(.invalidValue, key: "conninfo", "must not contain the password: use password_file or PGPASSFILE")
        }
        config.database.passwordFile = try db.nonEmptyString("password_file").map { resolve($0, base: baseDirectory) }
        config.database.timescaledb = try db.choice("timescaledb", default: "auto", allowed: ["auto", "on", "off"])
        config.database.partitionsAheadDays = try db.int("partitions_ahead_days", range: 1...60) ?? 3
        config.database.retentionLocationDays = try db.int("retention_location_days", range: 1...36500) ?? 730
        config.database.retentionSensorDays = try db.int("retention_sensor_days", range: 1...36500) ?? 1826
        config.database.retentionAlertDays = try db.int("retention_alert_days", range: 1...36500) ?? 2557
        config.database.ledgerRetentionDays = try db.int("ledger_retention_days", range: 0...36500) ?? 30
        config.database.maintenanceInterval =
            try db.duration("maintenance_interval", within: .seconds(1)...(.seconds(7 * 86_400)))
            ?? config.database.maintenanceInterval
        config.database.jobCheckInterval =
            try db.duration("job_check_interval", within: .seconds(1)...(.seconds(86_400)))
            ?? config.database.jobCheckInterval
        config.database.runFailedJobs = try db.bool("run_failed_jobs") ?? config.database.runFailedJobs
        config.database.maintenanceLockTimeout =
            try db.duration("maintenance_lock_timeout", within: .milliseconds(10)...(.seconds(3600)))
            ?? config.database.maintenanceLockTimeout
        config.database.referenceCacheEntries =
            try db.int("reference_cache_entries", range: 1_000...100_000_000) ?? config.database.referenceCacheEntries
        if let instance = try db.string("instance") {
            guard (1...64).contains(instance.count),
                instance.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else {
                throw db.error(
                    .invalidValue, key: "instance",
                    "= \"\(instance)\" must be 1-64 characters of A-Z a-z 0-9 . _ - (one name per daemon)")
            }
            config.database.instance = instance
        }
        config.database.migrationsDirectory = resolve(
            try db.string("migrations_dir") ?? config.database.migrationsDirectory, base: baseDirectory)
        try db.rejectUnknownKeys()

        var writer = try section(doc, "writer")
        config.writer.batchSize = try writer.int("batch_size", range: 1...1_000_000) ?? 5_000
        config.writer.lingerMilliseconds = try writer.int("linger_ms", range: 1...60_000) ?? 200
        config.writer.ringCapacity = try writer.int("ring_capacity", range: 1024...(1 << 26)) ?? 262_144
        config.writer.drainTimeoutSeconds = try writer.int("drain_timeout_s", range: 1...600) ?? 20
        config.writer.connections = try writer.int("connections", range: 1...2) ?? 2
        let ringFullSet = try writer.string("ring_full") != nil
        config.writer.waitWhenRingFull = try writer.choice("ring_full", default: "log", allowed: ["log", "wait"]) == "wait"
        config.writer.storageNice = try writer.int("storage_nice", range: 0...19) ?? 0
        if config.writer.batchSize > config.writer.ringCapacity {
            throw writer.error(.invalidValue, key: "batch_size", "must not exceed ring_capacity (\(config.writer.ringCapacity))")
        }
        try writer.rejectUnknownKeys()

        var ingest = try section(doc, "ingest")
        config.ingest.maxClockSkewSeconds = try ingest.int("max_clock_skew_s", range: 0...86_400) ?? 300
        config.ingest.duplicateWindow = try ingest.int("duplicate_window", range: 0...(1 << 24)) ?? 65_536
        config.ingest.redeliverySeconds = try ingest.int("redelivery_seconds", range: 1...3600) ?? 10
        config.ingest.allowUnknownGateways = try ingest.bool("allow_unknown_gateways") ?? true
        config.ingest.allowUnknownZones = try ingest.bool("allow_unknown_zones") ?? true
        try ingest.rejectUnknownKeys()

        var spool = try section(doc, "spool")
        config.spool.directory = try spool.nonEmptyString("dir").map { resolve($0, base: baseDirectory) }
        config.spool.maxBytes = Int64(try spool.int("max_bytes", range: (64 << 10)...Int.max) ?? (1 << 30))
        config.spool.segmentBytes = Int64(try spool.int("segment_bytes", range: (16 << 10)...(1 << 30)) ?? (64 << 20))
        let fsync = try spool.string("fsync") ?? "200ms"
        if fsync == "batch" {
            config.spool.fsyncIntervalMilliseconds = nil
        } else {
            guard fsync.hasSuffix("ms"), let ms = Int(fsync.dropLast(2)), (1...60_000).contains(ms) else {
                throw spool.error(.invalidValue, key: "fsync", "= \"\(fsync)\" must be \"batch\" or an interval such as \"100ms\" (1…60000)")
            }
            config.spool.fsyncIntervalMilliseconds = ms
        }
        // On by default wherever there is a directory to keep the log in.
        let writeAhead = try spool.bool("write_ahead")
        config.spool.writeAhead = writeAhead ?? (config.spool.directory != nil)
        if writeAhead == true, config.spool.directory == nil {
            throw spool.error(.invalidValue, key: "write_ahead", "= true needs [spool] dir (where the log is kept)")
        }
        if ringFullSet, !config.writer.waitWhenRingFull, !config.spool.writeAhead {
            throw writer.error(
                .invalidValue, key: "ring_full", "= \"log\" needs [spool] write_ahead = true (the readings must be in the log already)")
        }
        if let every = try spool.duration("state_checkpoint_interval") {
            guard every == .zero || (Duration.seconds(1)...Duration.seconds(86_400)).contains(every) else {
                throw spool.error(
                    .invalidValue, key: "state_checkpoint_interval", "must be \"0s\" (off) or between \"1s\" and \"1d\"")
            }
            config.spool.stateCheckpointInterval = every == .zero ? nil : every
        }
        if config.spool.segmentBytes > config.spool.maxBytes {
            throw spool.error(.invalidValue, key: "segment_bytes", "must not exceed max_bytes (\(config.spool.maxBytes))")
        }
        config.spool.failoverWindowSeconds = try spool.int("failover_window_s", range: 0...86_400) ?? 300
        let windowBytes = try spool.int("failover_window_bytes", range: 0...Int.max).map { Int64($0) }
        config.spool.failoverWindowBytes = windowBytes ?? min(256 << 20, config.spool.maxBytes / 2)
        if let windowBytes, windowBytes > config.spool.maxBytes / 2 {
            throw spool.error(
                .invalidValue, key: "failover_window_bytes",
                "must not exceed half of max_bytes (\(config.spool.maxBytes / 2)): committed segments kept for failover must leave room for an outage's backlog")
        }
        try spool.rejectUnknownKeys()

        var log = try section(doc, "log")
        config.log.level = try log.choice(
            "level", default: "info", allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        config.log.target = try log.choice("target", default: "auto", allowed: ["auto", "journald", "stderr"])
        try log.rejectUnknownKeys()

        var metrics = try section(doc, "metrics")
        config.metrics.listen = try metrics.nonEmptyString("listen")
        if let listen = config.metrics.listen, !Self.isIPv4Listen(listen), !Self.isIPv6Listen(listen) {
            throw metrics.error(
                .invalidValue, key: "listen",
                "= \"\(listen)\" must be IPv4:port or [IPv6]:port, e.g. \"127.0.0.1:9464\" or \"[::1]:9464\"")
        }
        try metrics.rejectUnknownKeys()

        var site = try section(doc, "site")
        config.siteFile = try site.nonEmptyString("file").map { resolve($0, base: baseDirectory) }
        config.rulesFile = try site.nonEmptyString("rules").map { resolve($0, base: baseDirectory) }
        try site.rejectUnknownKeys()
        if (config.siteFile == nil) != (config.rulesFile == nil) {
            throw site.error(.invalidValue, key: config.siteFile == nil ? "file" : "rules", "must be given together with \(config.siteFile == nil ? "rules" : "file")")
        }

        // The allow-lists are site.toml's gateways and zones: without a site file there is none.
        for (key, allowed) in [
            ("allow_unknown_gateways", config.ingest.allowUnknownGateways),
            ("allow_unknown_zones", config.ingest.allowUnknownZones),
        ] where !allowed && config.siteFile == nil {
            throw ingest.error(
                .invalidValue, key: key,
                "= false needs [site] file: the \(key == "allow_unknown_gateways" ? "gateways" : "zones") it allows are those declared in site.toml")
        }

        var alerts = try section(doc, "alerts")
        config.alertTopicPrefix = try alerts.nonEmptyString("mqtt_topic_prefix")
        if let prefix = config.alertTopicPrefix, prefix.contains("+") || prefix.contains("#") || prefix.hasSuffix("/") {
            throw alerts.error(.invalidValue, key: "mqtt_topic_prefix", "= \"\(prefix)\" must be a topic without wildcards or a trailing /")
        }
        for key in ["ack_topic", "escalation_topic"] {
            guard let topic = try alerts.nonEmptyString(key) else { continue }
            guard !topic.contains("#"), !topic.contains("+"), !topic.hasSuffix("/") else {
                throw alerts.error(.invalidValue, key: key, "= \"\(topic)\" must be a topic without wildcards or a trailing /")
            }
            if key == "ack_topic" { config.alertAckTopic = topic } else { config.alertEscalationTopic = topic }
        }
        if config.alertEscalationTopic == nil, let prefix = config.alertTopicPrefix {
            config.alertEscalationTopic = prefix + "/escalated"
        }
        config.alertEscalateAfter = try alerts.duration("escalate_after", within: .seconds(1)...(.seconds(7 * 86_400)))
        try alerts.rejectUnknownKeys()
        return config
    }

    /// The `[name]` table, or an empty one when absent (every key has a default).
    private static func section(_ doc: TOMLDocument<ConfigError>, _ name: String) throws(ConfigError)
        -> TOMLSection<ConfigError>
    {
        try doc.table(name) ?? TOMLSection(table: TOMLTable(), name: name, file: doc.file, lines: doc.lines)
    }

    private static func decoderRoutes(_ doc: TOMLDocument<ConfigError>) throws(ConfigError) -> [DecoderRoute] {
        guard doc.root["decoder"] != nil else {
            throw ConfigError(
                .missingKey, file: doc.file, key: "[[decoder]]",
                reason: "at least one topic → decoder mapping is required")
        }
        var routes: [DecoderRoute] = []
        for var s in try doc.tables("decoder") {
            let topic = try s.requiredString("topic")
            let pattern: TopicPattern
            do {
                pattern = try TopicPattern(topic)
            } catch {
                throw s.error(.invalidValue, key: "topic", error.reason)
            }
            let id = try s.requiredString("decoder")
            guard DecoderRegistry.decoder(id: id) != nil else {
                throw s.error(.invalidValue, key: "decoder", "= \"\(id)\" is not a known decoder (known: \(DecoderRegistry.ids.joined(separator: ", ")))")
            }
            let given = try s.string("utc_offset")
            let offsetText = given ?? "+00:00"
            guard let offset = parseUTCOffset(offsetText) else {
                throw s.error(.invalidValue, key: "utc_offset", "= \"\(offsetText)\" must look like +01:00 or -05:30")
            }
            try s.rejectUnknownKeys()
            routes.append(
                DecoderRoute(pattern: pattern, decoderID: id, utcOffsetSeconds: offset, utcOffsetGiven: given != nil))
        }
        return routes
    }

    /// `a.b.c.d:port` (or `localhost:port`) with a port 0…65535.
    static func isIPv4Listen(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), UInt16(text[text.index(after: colon)...]) != nil else { return false }
        let host = text[..<colon]
        if host == "localhost" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { $0.count <= 3 && UInt8($0) != nil }
    }

    /// `[IPv6]:port` (the address itself is checked when it is bound).
    static func isIPv6Listen(_ text: String) -> Bool {
        guard text.hasPrefix("["), let close = text.lastIndex(of: "]"),
            text[text.index(after: close)...].first == ":",
            UInt16(text[text.index(close, offsetBy: 2)...]) != nil
        else { return false }
        let host = text[text.index(after: text.startIndex)..<close]
        return !host.isEmpty && host.contains(":") && host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    static func parseUTCOffset(_ text: String) -> Int32? {
        let chars = Array(text.utf8)
        guard chars.count == 6, chars[0] == UInt8(ascii: "+") || chars[0] == UInt8(ascii: "-"), chars[3] == UInt8(ascii: ":"),
            let h = Int32(String(decoding: chars[1...2], as: UTF8.self)),
            let m = Int32(String(decoding: chars[4...5], as: UTF8.self)), h <= 14, m < 60
        else { return nil }
        let seconds = h * 3600 + m * 60
        return chars[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// `path` relative to the config file's folder; absolute paths and systemd credentials
    /// (`$CREDENTIALS_DIRECTORY/<id>`, expanded when the secret is read) stay as written.
    private static func resolve(_ path: String, base: String) -> String {
        if path.hasPrefix("/") || path.hasPrefix("$CREDENTIALS_DIRECTORY/") || base.isEmpty { return path }
        return base + "/" + path
    }
}
