import Foundation
import RTLSCore
import TOMLKit

extension DaemonConfig {
    /// Reads and validates a config file.
    /// - Throws: `ConfigError` naming the file, line and key.
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, file: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        return try self.parse(text: text, file: path)
    }

    /// Parses config text; `file` is used in messages and to resolve relative paths.
    public static func parse(text: String, file: String) throws(ConfigError) -> DaemonConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(.syntax, file: file, line: error.source.begin.line, reason: error.description)
        } catch {
            throw ConfigError(.syntax, file: file, reason: "\(error)")
        }
        let index = TOMLLineIndex(text: text)
        var config = DaemonConfig(file: file)
        let baseDirectory = (file as NSString).deletingLastPathComponent

        let sections = ["mqtt", "decoder", "database", "writer", "ingest", "spool", "log", "site", "alerts", "metrics"]
        for key in root.keys.sorted() where !sections.contains(key) {
            throw ConfigError(.unknownKey, file: file, line: index.line(table: key, key: nil) ?? index.line(table: "", key: key), key: key, reason: "is not a known section or key")
        }

        var mqtt = try section(root, "mqtt", file: file, index: index)
        config.mqtt.host = try mqtt.string("host", default: config.mqtt.host)
        config.mqtt.port = try mqtt.int("port", default: config.mqtt.port, range: 1...65535)
        config.mqtt.clientID = try mqtt.string("client_id", default: config.mqtt.clientID)
        config.mqtt.cleanSession = try mqtt.bool("clean_session", default: false)
        let qosValue = try mqtt.int("qos", default: 1, range: Int.min...Int.max)
        guard (0...2).contains(qosValue) else {
            throw mqtt.error(.invalidValue, key: "qos", "= \(qosValue) must be 0, 1 or 2")
        }
        config.mqtt.qos = qosValue
        config.mqtt.keepAliveSeconds = try mqtt.int("keepalive", default: 30, range: 5...3600)
        config.mqtt.username = try mqtt.optionalString("username")
        config.mqtt.passwordFile = try mqtt.optionalString("password_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.caFile = try mqtt.optionalString("ca_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.certFile = try mqtt.optionalString("cert_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.keyFile = try mqtt.optionalString("key_file").map { resolve($0, base: baseDirectory) }
        config.mqtt.reconnectMinSeconds = try mqtt.int("reconnect_min_s", default: 1, range: 1...3600)
        config.mqtt.reconnectMaxSeconds = try mqtt.int("reconnect_max_s", default: 30, range: 1...3600)
        config.mqtt.maxMessageBytes = try mqtt.int("max_message_bytes", default: 1 << 20, range: 64...(256 << 20))
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

        config.decoders = try decoderRoutes(root, file: file, index: index)

        var db = try section(root, "database", file: file, index: index)
        config.database.conninfo = try db.string("conninfo", default: config.database.conninfo)
        if config.database.conninfo.contains("password=") {
            throw db.error(.invalidValue, key: "conninfo", "must not contain the password: use password_file or PGPASSFILE")
        }
        config.database.passwordFile = try db.optionalString("password_file").map { resolve($0, base: baseDirectory) }
        config.database.timescaledb = try db.choice("timescaledb", default: "auto", allowed: ["auto", "on", "off"])
        config.database.partitionsAheadDays = try db.int("partitions_ahead_days", default: 3, range: 1...60)
        config.database.retentionLocationDays = try db.int("retention_location_days", default: 730, range: 1...36500)
        config.database.retentionSensorDays = try db.int("retention_sensor_days", default: 1826, range: 1...36500)
        config.database.retentionAlertDays = try db.int("retention_alert_days", default: 2557, range: 1...36500)
        config.database.migrationsDirectory = resolve(
            try db.string("migrations_dir", default: config.database.migrationsDirectory), base: baseDirectory)
        try db.rejectUnknownKeys()

        var writer = try section(root, "writer", file: file, index: index)
        config.writer.batchSize = try writer.int("batch_size", default: 5_000, range: 1...1_000_000)
        config.writer.lingerMilliseconds = try writer.int("linger_ms", default: 200, range: 1...60_000)
        config.writer.ringCapacity = try writer.int("ring_capacity", default: 262_144, range: 1024...(1 << 26))
        config.writer.drainTimeoutSeconds = try writer.int("drain_timeout_s", default: 20, range: 1...600)
        if config.writer.batchSize > config.writer.ringCapacity {
            throw writer.error(.invalidValue, key: "batch_size", "must not exceed ring_capacity (\(config.writer.ringCapacity))")
        }
        try writer.rejectUnknownKeys()

        var ingest = try section(root, "ingest", file: file, index: index)
        config.ingest.maxClockSkewSeconds = try ingest.int("max_clock_skew_s", default: 300, range: 0...86_400)
        config.ingest.duplicateWindow = try ingest.int("duplicate_window", default: 65_536, range: 0...(1 << 24))
        try ingest.rejectUnknownKeys()

        var spool = try section(root, "spool", file: file, index: index)
        config.spool.directory = try spool.optionalString("dir").map { resolve($0, base: baseDirectory) }
        config.spool.maxBytes = Int64(try spool.int("max_bytes", default: 1 << 30, range: (64 << 10)...Int.max))
        config.spool.segmentBytes = Int64(try spool.int("segment_bytes", default: 64 << 20, range: (16 << 10)...(1 << 30)))
        let fsync = try spool.string("fsync", default: "batch")
        if fsync != "batch" {
            guard fsync.hasSuffix("ms"), let ms = Int(fsync.dropLast(2)), (1...60_000).contains(ms) else {
                throw spool.error(.invalidValue, key: "fsync", "= \"\(fsync)\" must be \"batch\" or an interval such as \"100ms\" (1…60000)")
            }
            config.spool.fsyncIntervalMilliseconds = ms
        }
        config.spool.writeAhead = try spool.bool("write_ahead", default: false)
        if config.spool.writeAhead, config.spool.directory == nil {
            throw spool.error(.invalidValue, key: "write_ahead", "= true needs [spool] dir (where the log is kept)")
        }
        if config.spool.segmentBytes > config.spool.maxBytes {
            throw spool.error(.invalidValue, key: "segment_bytes", "must not exceed max_bytes (\(config.spool.maxBytes))")
        }
        try spool.rejectUnknownKeys()

        var log = try section(root, "log", file: file, index: index)
        config.log.level = try log.choice(
            "level", default: "info", allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        config.log.target = try log.choice("target", default: "auto", allowed: ["auto", "journald", "stderr"])
        try log.rejectUnknownKeys()

        var metrics = try section(root, "metrics", file: file, index: index)
        config.metrics.listen = try metrics.optionalString("listen").flatMap { $0.isEmpty ? nil : $0 }
        if let listen = config.metrics.listen, !Self.isIPv4Listen(listen) {
            throw metrics.error(.invalidValue, key: "listen", "= \"\(listen)\" must be IPv4:port, e.g. \"127.0.0.1:9464\"")
        }
        try metrics.rejectUnknownKeys()

        var site = try section(root, "site", file: file, index: index)
        config.siteFile = try site.optionalString("file").map { resolve($0, base: baseDirectory) }
        config.rulesFile = try site.optionalString("rules").map { resolve($0, base: baseDirectory) }
        try site.rejectUnknownKeys()
        if (config.siteFile == nil) != (config.rulesFile == nil) {
            throw site.error(.invalidValue, key: config.siteFile == nil ? "file" : "rules", "must be given together with \(config.siteFile == nil ? "rules" : "file")")
        }

        var alerts = try section(root, "alerts", file: file, index: index)
        config.alertTopicPrefix = try alerts.optionalString("mqtt_topic_prefix")
        if let prefix = config.alertTopicPrefix, prefix.contains("+") || prefix.contains("#") || prefix.hasSuffix("/") {
            throw alerts.error(.invalidValue, key: "mqtt_topic_prefix", "= \"\(prefix)\" must be a topic without wildcards or a trailing /")
        }
        try alerts.rejectUnknownKeys()
        return config
    }

    private static func section(_ root: TOMLTable, _ name: String, file: String, index: TOMLLineIndex) throws(ConfigError)
        -> TOMLSection
    {
        guard let value = root[name] else {
            return TOMLSection(table: TOMLTable(), name: name, file: file, index: index)
        }
        guard let table = value.table else {
            throw ConfigError(.wrongType, file: file, line: index.line(table: "", key: name), key: name, reason: "must be a table ([\(name)])")
        }
        return TOMLSection(table: table, name: name, file: file, index: index)
    }

    private static func decoderRoutes(_ root: TOMLTable, file: String, index: TOMLLineIndex) throws(ConfigError)
        -> [DecoderRoute]
    {
        guard let value = root["decoder"] else {
            throw ConfigError(.missingKey, file: file, key: "[[decoder]]", reason: "at least one topic → decoder mapping is required")
        }
        guard let array = value.array else {
            throw ConfigError(.wrongType, file: file, line: index.line(table: "decoder", key: nil), key: "decoder", reason: "must be an array of tables ([[decoder]])")
        }
        var routes: [DecoderRoute] = []
        for (i, item) in array.enumerated() {
            guard let table = item.table else {
                throw ConfigError(.wrongType, file: file, line: index.line(table: "decoder", occurrence: i, key: nil), key: "decoder", reason: "entries must be tables")
            }
            var s = TOMLSection(table: table, name: "decoder", occurrence: i, isArrayItem: true, file: file, index: index)
            let topic = try s.string("topic")
            let pattern: TopicPattern
            do {
                pattern = try TopicPattern(topic)
            } catch {
                throw s.error(.invalidValue, key: "topic", error.reason)
            }
            let id = try s.string("decoder")
            guard DecoderRegistry.decoder(id: id) != nil else {
                throw s.error(.invalidValue, key: "decoder", "= \"\(id)\" is not a known decoder (known: \(DecoderRegistry.ids.joined(separator: ", ")))")
            }
            let offsetText = try s.string("utc_offset", default: "+00:00")
            guard let offset = parseUTCOffset(offsetText) else {
                throw s.error(.invalidValue, key: "utc_offset", "= \"\(offsetText)\" must look like +01:00 or -05:30")
            }
            try s.rejectUnknownKeys()
            routes.append(DecoderRoute(pattern: pattern, decoderID: id, utcOffsetSeconds: offset))
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

    static func parseUTCOffset(_ text: String) -> Int32? {
        let chars = Array(text.utf8)
        guard chars.count == 6, chars[0] == UInt8(ascii: "+") || chars[0] == UInt8(ascii: "-"), chars[3] == UInt8(ascii: ":"),
            let h = Int32(String(decoding: chars[1...2], as: UTF8.self)),
            let m = Int32(String(decoding: chars[4...5], as: UTF8.self)), h <= 14, m < 60
        else { return nil }
        let seconds = h * 3600 + m * 60
        return chars[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    private static func resolve(_ path: String, base: String) -> String {
        if path.hasPrefix("/") || base.isEmpty { return path }
        return base + "/" + path
    }
}
