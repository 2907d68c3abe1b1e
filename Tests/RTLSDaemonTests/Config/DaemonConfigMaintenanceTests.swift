import RTLSDaemon
import Testing

/// The maintenance keys of `[database]`: defaults, durations, bounds, and what the service is given.
@Suite struct DaemonConfigMaintenanceTests {
    static let base = DaemonConfigDurabilityTests.base

    @Test func defaultsAnHourlyPassAJobCheckAMinuteAndRunningFailedJobs() throws {
        let config = try DaemonConfig.parse(text: Self.base, file: "/etc/rtlsd/rtlsd.toml")
        #expect(config.database.maintenanceInterval == .seconds(3600))
        #expect(config.database.jobCheckInterval == .seconds(60))
        #expect(config.database.runFailedJobs)
        #expect(config.database.maintenanceLockTimeout == .seconds(5))
    }

    @Test func setKeysReachTheMaintenanceSettings() throws {
        let config = try DaemonConfig.parse(
            text: Self.base + """
                [database]
                retention_location_days = 30
                retention_sensor_days = 90
                retention_alert_days = 400
                maintenance_interval = "15m"
                job_check_interval = "10s"
                run_failed_jobs = false
                maintenance_lock_timeout = "500ms"
                """, file: "/etc/rtlsd/rtlsd.toml")
        let settings = MaintenanceSettings(config: config, conninfo: "dbname=x")
        #expect(settings.interval == .seconds(900))
        #expect(settings.jobCheckInterval == .seconds(10))
        #expect(!settings.runFailedJobs)
        #expect(settings.lockTimeout == .milliseconds(500))
        #expect(
            settings.retentionDays == [
                "location_readings": 30, "sensor_readings": 90, "alerts": 400, "zone_events": 400,
                "usage_logs": 400, "alert_actions": 400,
            ])
    }

    @Test(arguments: [
        "maintenance_interval = \"0s\"", "maintenance_interval = \"8d\"", "job_check_interval = \"2d\"",
        "maintenance_lock_timeout = \"1ms\"", "run_failed_jobs = \"yes\"", "job_check_interval = \"soon\"",
    ])
    func outOfRangeOrMistypedValuesAreRefused(line: String) {
        #expect {
            try DaemonConfig.parse(text: Self.base + "[database]\n\(line)\n", file: "/etc/rtlsd/rtlsd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .invalidValue || error.code == .wrongType
        }
    }
}
