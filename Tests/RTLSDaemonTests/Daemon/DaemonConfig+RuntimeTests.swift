import Foundation
@testable import RTLSDaemon
import Testing

@Suite struct DaemonConfigRuntimeTests {
    @Test func conninfoGetsTimeoutDefaultsUnlessSet() {
        let filled = DaemonConfig.withTimeoutDefaults("host=db dbname=rtls connect_timeout=2")
        #expect(filled.contains("connect_timeout=2"))
        #expect(!filled.contains("connect_timeout=5"))
        #expect(filled.contains("keepalives_idle=10"))
        #expect(filled.contains("tcp_user_timeout=30000"))
        #expect(DaemonConfig.withTimeoutDefaults("postgresql://db/rtls") == "postgresql://db/rtls")
    }

    /// Both password files go through the one secrets reader: a plain path or a systemd credential.
    @Test func passwordFilesAreReadByTheOneSecretsReader() throws {
        let dir = NSTemporaryDirectory() + "rtlsd-secrets-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "s3cr'et\n".write(toFile: dir + "/db-password", atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/empty", atomically: true, encoding: .utf8)
        var config = DaemonConfig(file: "/etc/rtlsd/rtlsd.toml")
        config.database.conninfo = "host=db"
        config.database.passwordFile = dir + "/db-password"
        #expect(try config.databaseConninfo(environment: [:]).hasSuffix(" password='s3cr\\'et'"))
        config.database.passwordFile = "$CREDENTIALS_DIRECTORY/db-password"
        #expect(try config.databaseConninfo(environment: ["CREDENTIALS_DIRECTORY": dir]).hasSuffix(" password='s3cr\\'et'"))
        #expect(throws: ConfigError.self) { try config.databaseConninfo(environment: [:]) }
        config.database.passwordFile = dir + "/missing"
        #expect(throws: ConfigError.self) { try config.databaseConninfo(environment: [:]) }
        #expect(try Secrets.read(file: dir + "/empty", what: "test", environment: [:]) == "")
    }

    /// The documented systemd setup, through the real config loader: `password_file =
    /// "$CREDENTIALS_DIRECTORY/<id>"` is not resolved against the config folder, and is read from
    /// the directory systemd names (a fake one here) for both passwords.
    @Test func loadCredentialPathsWorkAsDocumented() throws {
        let dir = NSTemporaryDirectory() + "rtlsd-creds-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/credentials", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "db-s3cret\n".write(toFile: dir + "/credentials/db-password", atomically: true, encoding: .utf8)
        try "mqtt-s3cret\n".write(toFile: dir + "/credentials/mqtt-password", atomically: true, encoding: .utf8)
        let toml = """
            [mqtt]
            host = "127.0.0.1"
            username = "rtlsd"
            password_file = "$CREDENTIALS_DIRECTORY/mqtt-password"

            [[decoder]]
            topic = "rtls/+gateway/readings"
            decoder = "rtls-json"

            [database]
            conninfo = "host=db dbname=rtls user=rtlsd"
            password_file = "$CREDENTIALS_DIRECTORY/db-password"
            """
        try toml.write(toFile: dir + "/etc/rtlsd.toml", atomically: true, encoding: .utf8)
        let config = try DaemonConfig.load(path: dir + "/etc/rtlsd.toml")
        #expect(config.database.passwordFile == "$CREDENTIALS_DIRECTORY/db-password")
        let environment = ["CREDENTIALS_DIRECTORY": dir + "/credentials"]
        #expect(try config.databaseConninfo(environment: environment).hasSuffix(" password='db-s3cret'"))
        let mqttFile = try #require(config.mqtt.passwordFile)
        #expect(mqttFile == "$CREDENTIALS_DIRECTORY/mqtt-password")
        #expect(try Secrets.read(file: mqttFile, what: "[mqtt] password_file", environment: environment) == "mqtt-s3cret")
        _ = try config.mqttConfiguration(environment: environment)
        // Outside systemd the prefix cannot be expanded: a clear error, not a file looked for in /etc.
        #expect(throws: ConfigError.self) { try config.databaseConninfo(environment: [:]) }
    }

    @Test func spoolConfigurationMapsFsyncPolicy() throws {
        var config = DaemonConfig(file: "/etc/rtlsd/rtlsd.toml")
        #expect(config.spoolConfiguration(directory: "/s").sync == .interval(.milliseconds(200)))
        config.spool.fsyncIntervalMilliseconds = nil
        #expect(config.spoolConfiguration(directory: "/s").sync == .everyAppend)
        config.spool.fsyncIntervalMilliseconds = 100
        #expect(config.spoolConfiguration(directory: "/s").sync == .interval(.milliseconds(100)))
        #expect(config.spoolConfiguration(directory: "/s").maxBytes == 1 << 30)
    }
}
