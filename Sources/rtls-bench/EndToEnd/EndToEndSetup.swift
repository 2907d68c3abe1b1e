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

    /// Writes the rtlsd config for `phase` (its own MQTT client id, clean session) and returns its path.
    func writeConfig(phase: String) throws -> String {
        let path = "\(self.runDir)/rtlsd-bench.toml"
        let text = """
            [mqtt]
            host = "127.0.0.1"
            port = \(self.mqttPort)
            client_id = "rtlsd-bench-\(phase)-\(getpid())"
            clean_session = true
            qos = 1

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

            [log]
            level = "notice"
            target = "stderr"

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
