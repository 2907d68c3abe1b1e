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
