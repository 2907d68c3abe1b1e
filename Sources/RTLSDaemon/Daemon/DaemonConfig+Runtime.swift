import Foundation
import RTLSCore
import RTLSMQTT
import RTLSPostgres

extension DaemonConfig {
    /// The libmosquitto client settings, with the password read from its file.
    func mqttConfiguration(environment: [String: String]) throws(ConfigError) -> MQTTConfiguration {
        var password: String?
        if let file = self.mqtt.passwordFile {
            password = try Secrets.read(file: file, what: "[mqtt] password_file", environment: environment)
        }
        let tls = self.mqtt.caFile.map {
            MQTTConfiguration.TLS(caFile: $0, certFile: self.mqtt.certFile, keyFile: self.mqtt.keyFile)
        }
        return MQTTConfiguration(
            host: self.mqtt.host, port: self.mqtt.port, clientID: self.mqtt.clientID,
            cleanSession: self.mqtt.cleanSession, keepAliveSeconds: self.mqtt.keepAliveSeconds,
            username: self.mqtt.username, password: password, tls: tls,
            reconnectDelayMin: .seconds(self.mqtt.reconnectMinSeconds),
            reconnectDelayMax: .seconds(self.mqtt.reconnectMaxSeconds))
    }

    /// The subscriptions: one per decoder route, with named wildcards turned into `+`.
    var subscriptions: [MQTTSubscription] {
        let qos: MQTTQoS =
            switch self.mqtt.qos {
            case 0: .atMostOnce
            case 2: .exactlyOnce
            default: .atLeastOnce
            }
        var seen = Set<String>()
        return self.decoders.compactMap { route in
            let filter = route.pattern.subscriptionFilter
            return seen.insert(filter).inserted ? MQTTSubscription(filter, qos: qos) : nil
        }
    }

    /// libpq conninfo with the password from its file appended (never logged).
    func databaseConninfo(environment: [String: String]) throws(ConfigError) -> String {
        let conninfo = Self.withTimeoutDefaults(self.database.conninfo)
        guard let file = self.database.passwordFile else { return conninfo }
        let password = try Secrets.read(file: file, what: "[database] password_file", environment: environment)
        let escaped = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return conninfo + " password='\(escaped)'"
    }

    /// Adds libpq timeouts the conninfo does not set, so a database host that vanishes (no RST)
    /// fails a connect or a write within seconds and the writer spools instead of hanging: connect
    /// 5 s, TCP keepalive after 10 s idle, unacknowledged writes 30 s. URIs are left as they are.
    static func withTimeoutDefaults(_ conninfo: String) -> String {
        guard !conninfo.hasPrefix("postgres") else { return conninfo }
        var result = conninfo
        let defaults = [
            ("connect_timeout", "5"), ("keepalives_idle", "10"), ("keepalives_interval", "5"),
            ("keepalives_count", "3"), ("tcp_user_timeout", "30000"),
        ]
        for (key, value) in defaults where !conninfo.contains(key + "=") && !conninfo.contains(key + " =") {
            result += " \(key)=\(value)"
        }
        return result
    }
}

extension DaemonConfig {
    /// `[database] timescaledb` as the migration runner's mode.
    var timescaleMode: TimescaleDBMode { TimescaleDBMode(rawValue: self.database.timescaledb) ?? .auto }

    /// The spool settings for `directory`.
    func spoolConfiguration(directory: String) -> SpoolConfiguration {
        SpoolConfiguration(
            directory: directory, maxBytes: self.spool.maxBytes, segmentBytes: self.spool.segmentBytes,
            sync: self.spool.fsyncIntervalMilliseconds.map { .interval(.milliseconds($0)) } ?? .everyAppend,
            failoverWindow: .seconds(self.spool.failoverWindowSeconds), failoverWindowBytes: self.spool.failoverWindowBytes)
    }
}
