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
