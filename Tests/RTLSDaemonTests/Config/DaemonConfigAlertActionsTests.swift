import RTLSDaemon
import Testing

/// `[alerts]` acknowledgement and escalation keys.
@Suite struct DaemonConfigAlertActionsTests {
    static let base = DaemonConfigDurabilityTests.base

    @Test func offByDefault() throws {
        let config = try DaemonConfig.parse(text: Self.base, file: "/etc/rtlsd/rtlsd.toml")
        #expect(config.alertAckTopic == nil && config.alertEscalateAfter == nil && config.alertEscalationTopic == nil)
    }

    @Test func keysAndTheDefaultEscalationTopic() throws {
        let config = try DaemonConfig.parse(
            text: Self.base + """
                [alerts]
                mqtt_topic_prefix = "rtls/alerts/site1"
                ack_topic = "rtls/alerts/site1/ack"
                escalate_after = "5m"
                """, file: "/etc/rtlsd/rtlsd.toml")
        #expect(config.alertAckTopic == "rtls/alerts/site1/ack")
        #expect(config.alertEscalateAfter == .seconds(300))
        #expect(config.alertEscalationTopic == "rtls/alerts/site1/escalated")
    }

    @Test(arguments: [
        "ack_topic = \"rtls/+/ack\"", "escalation_topic = \"rtls/#\"", "ack_topic = \"rtls/ack/\"",
        "escalate_after = \"0s\"", "escalate_after = \"8d\"", "escalate_after = \"soon\"",
    ])
    func badValuesAreRefused(line: String) {
        #expect {
            try DaemonConfig.parse(text: Self.base + "[alerts]\n\(line)\n", file: "/etc/rtlsd/rtlsd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .invalidValue || error.code == .wrongType
        }
    }
}
