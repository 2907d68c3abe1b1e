import Foundation

/// Paths, ports and sizes shared by all phases.
struct EndToEndSetup {
    var binDir: String
    var runDir: String
    var conninfo: String
    var mqttPort: Int
    var migrations: String
    var seconds: Int
    var warmup: Int
    var publishers: Int
    var connections: Int
    var tags: Int
    var cpu: CPUAccount
    /// Site model and rules given to rtlsd (`[site]`); nil = no rules stage.
    var site: (file: String, rules: String)? = nil
    /// `[alerts] mqtt_topic_prefix`, where the alert probe listens; nil = alerts not published.
    var alertPrefix: String? = nil
    /// `[spool] write_ahead = true` with this fsync policy (`"batch"` or an interval); nil = no spool.
    var writeAheadFsync: String? = nil
    /// `[metrics] listen` on 127.0.0.1 at this port (the burst phase reads the write-ahead backlog).
    var metricsPort: Int? = nil
    /// `[writer] ring_full` (nil: rtlsd's default).
    var ringFull: String? = nil
    /// `[writer] storage_nice` (nil: rtlsd's default).
    var storageNice: Int? = nil
    /// `[mqtt] intake_nice` (nil: rtlsd's default).
    var intakeNice: Int? = nil

    /// Writes the rtlsd config for `phase` (its own MQTT client id, clean session; site, rules and alert
    /// topic when set) and returns its path.
    func writeConfig(phase: String) throws -> String {
        let path = "\(self.runDir)/rtlsd-bench.toml"
        var text = """
            [mqtt]
            host = "127.0.0.1"
            port = \(self.mqttPort)
            client_id = "rtlsd-bench-\(phase)-\(getpid())"
            clean_session = true
            qos = 1
            \(self.intakeNice.map { "intake_nice = \($0)" } ?? "")

            [[decoder]]
            topic = "rtls/+gateway/readings"
            decoder = "rtls-json"

            [database]
            conninfo = "\(self.conninfo)"
            migrations_dir = "\(self.migrations)"

            [writer]
            batch_size = 5000
            linger_ms = 200
            ring_capacity = 262144
            \(self.ringFull.map { "ring_full = \"\($0)\"" } ?? "")
            \(self.storageNice.map { "storage_nice = \($0)" } ?? "")

            [log]
            level = "notice"
            target = "stderr"

            """
        if let site = self.site {
            text += "\n[site]\nfile = \"\(site.file)\"\nrules = \"\(site.rules)\"\n"
        }
        if let fsync = self.writeAheadFsync {
            // A fresh log per phase: the benchmark truncates the ledger, so an old log would be replayed.
            try? FileManager.default.removeItem(atPath: "\(self.runDir)/wal-\(phase)")
            text += "\n[spool]\ndir = \"\(self.runDir)/wal-\(phase)\"\nwrite_ahead = true\nfsync = \"\(fsync)\"\n"
        }
        if let port = self.metricsPort {
            text += "\n[metrics]\nlisten = \"127.0.0.1:\(port)\"\n"
        }
        if let prefix = self.alertPrefix {
            text += "\n[alerts]\nmqtt_topic_prefix = \"\(prefix)\"\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
