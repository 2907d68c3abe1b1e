import Foundation
import RTLSDaemon
import Testing

/// `[spool] write_ahead` (parsed, refused without a directory or with a non-boolean, on in the shipped
/// config) and `[database] ledger_retention_days`.
@Suite struct DaemonConfigDurabilityTests {
    static let base = """
        [mqtt]
        client_id = "rtlsd-a"

        [[decoder]]
        topic = "rtls/+gateway/readings"
        decoder = "rtls-json"

        """

    @Test func onByDefaultWithADirectoryOffWhenSetOff() throws {
        let byDefault = try DaemonConfig.parse(text: Self.base + "[spool]\ndir = \"s\"\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(byDefault.spool.writeAhead)
        #expect(byDefault.spool.fsyncIntervalMilliseconds == 200)
        let noDirectory = try DaemonConfig.parse(text: Self.base, file: "/etc/rtlsd/rtlsd.toml")
        #expect(!noDirectory.spool.writeAhead)
        let off = try DaemonConfig.parse(
            text: Self.base + "[spool]\ndir = \"s\"\nwrite_ahead = false\nfsync = \"batch\"\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(!off.spool.writeAhead)
        #expect(off.spool.fsyncIntervalMilliseconds == nil)
        let on = try DaemonConfig.parse(
            text: Self.base + "[spool]\ndir = \"s\"\nwrite_ahead = true\nfsync = \"50ms\"\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(on.spool.writeAhead)
        #expect(on.spool.fsyncIntervalMilliseconds == 50)
    }

    @Test func stateCheckpointIntervalIsADurationOrOff() throws {
        let byDefault = try DaemonConfig.parse(text: Self.base + "[spool]\ndir = \"s\"\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(byDefault.spool.stateCheckpointInterval == .seconds(60))
        let every = try DaemonConfig.parse(
            text: Self.base + "[spool]\ndir = \"s\"\nstate_checkpoint_interval = \"15s\"\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(every.spool.stateCheckpointInterval == .seconds(15))
        let off = try DaemonConfig.parse(
            text: Self.base + "[spool]\ndir = \"s\"\nstate_checkpoint_interval = \"0s\"\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(off.spool.stateCheckpointInterval == nil)
        #expect(throws: ConfigError.self) {
            _ = try DaemonConfig.parse(
                text: Self.base + "[spool]\ndir = \"s\"\nstate_checkpoint_interval = \"500ms\"\n", file: "/etc/rtlsd/rtlsd.toml")
        }
    }

    @Test func withoutADirectoryItIsRefusedNamingTheLine() {
        #expect {
            try DaemonConfig.parse(text: Self.base + "[spool]\nwrite_ahead = true\n", file: "/etc/rtlsd/rtlsd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .invalidValue && error.line == 8 && "\(error)".contains("needs [spool] dir")
        }
    }

    @Test func aNonBooleanIsRefused() {
        #expect {
            try DaemonConfig.parse(
                text: Self.base + "[spool]\ndir = \"s\"\nwrite_ahead = \"yes\"\n", file: "/etc/rtlsd/rtlsd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .wrongType && error.line == 9
        }
    }

    @Test func shippedConfigLogsAhead() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/rtlsd.toml")
        let config = try DaemonConfig.load(path: url.path)
        #expect(config.spool.writeAhead)
        #expect(config.spool.directory == "/var/lib/rtlsd/spool")
        #expect(config.spool.fsyncIntervalMilliseconds == 200)
    }

    /// config/rtlsd.toml says its values are the defaults: a config that sets none of them must load
    /// the same values.
    @Test func loaderDefaultsAreTheShippedConfigsValues() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/rtlsd.toml")
        let shipped = try DaemonConfig.load(path: url.path)
        let defaults = try DaemonConfig.parse(
            text: Self.base + "[spool]\ndir = \"/var/lib/rtlsd/spool\"\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(defaults.spool == shipped.spool)
        #expect(defaults.writer == shipped.writer)
        #expect(defaults.ingest == shipped.ingest)
        #expect(defaults.log.level == shipped.log.level && defaults.log.target == shipped.log.target)
        #expect(defaults.database.timescaledb == shipped.database.timescaledb)
        #expect(defaults.database.partitionsAheadDays == shipped.database.partitionsAheadDays)
        #expect(defaults.database.retentionLocationDays == shipped.database.retentionLocationDays)
        #expect(defaults.database.retentionSensorDays == shipped.database.retentionSensorDays)
        #expect(defaults.database.retentionAlertDays == shipped.database.retentionAlertDays)
        #expect(defaults.database.ledgerRetentionDays == shipped.database.ledgerRetentionDays)
        #expect(defaults.database.maintenanceInterval == shipped.database.maintenanceInterval)
        #expect(defaults.database.jobCheckInterval == shipped.database.jobCheckInterval)
        #expect(defaults.database.runFailedJobs == shipped.database.runFailedJobs)
        #expect(defaults.database.maintenanceLockTimeout == shipped.database.maintenanceLockTimeout)
        #expect(defaults.mqtt.qos == shipped.mqtt.qos && defaults.mqtt.keepAliveSeconds == shipped.mqtt.keepAliveSeconds)
        #expect(defaults.mqtt.maxMessageBytes == shipped.mqtt.maxMessageBytes)
    }

    @Test func ledgerRetentionDefaultsTo30DaysAndZeroKeepsEverything() throws {
        #expect(try DaemonConfig.parse(text: Self.base, file: "/etc/rtlsd/rtlsd.toml").database.ledgerRetentionDays == 30)
        let keep = try DaemonConfig.parse(
            text: Self.base + "[database]\nledger_retention_days = 0\n", file: "/etc/rtlsd/rtlsd.toml")
        #expect(keep.database.ledgerRetentionDays == 0)
        #expect {
            try DaemonConfig.parse(
                text: Self.base + "[database]\nledger_retention_days = -1\n", file: "/etc/rtlsd/rtlsd.toml")
        } throws: { error in
            (error as? ConfigError)?.code == .invalidValue
        }
    }
}
