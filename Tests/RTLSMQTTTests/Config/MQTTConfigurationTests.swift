import RTLSMQTT
import Testing

@Suite struct MQTTConfigurationTests {
    @Test func defaultsArePersistentAndValid() throws {
        let config = MQTTConfiguration(host: "localhost", clientID: "rtlsd-site1")
        #expect(!config.cleanSession)
        #expect(config.protocolVersion == .v311)
        try config.validate()
    }

    @Test(arguments: [
        MQTTConfiguration(host: "localhost", clientID: nil),
        MQTTConfiguration(host: "localhost", clientID: ""),
        MQTTConfiguration(host: "", clientID: "a"),
        MQTTConfiguration(host: "localhost", port: 0, clientID: "a"),
        MQTTConfiguration(host: "localhost", clientID: "a", keepAliveSeconds: 3),
        MQTTConfiguration(host: "localhost", clientID: "a", password: "secret"),
        MQTTConfiguration(host: "localhost", clientID: "a", reconnectDelayMin: .zero),
        MQTTConfiguration(host: "localhost", clientID: "a", maxInflight: 0),
        MQTTConfiguration(host: "localhost", clientID: "a", tls: .init(caFile: "/ca.pem", certFile: "/c.pem")),
    ])
    func rejectsBadValues(config: MQTTConfiguration) {
        do {
            try config.validate()
            Issue.record("\(config) was accepted")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(!error.detail.isEmpty)
        }
    }

    @Test func randomClientIDIsFineWithCleanSession() throws {
        try MQTTConfiguration(host: "localhost", clientID: nil, cleanSession: true).validate()
    }

    @Test func descriptionNeverContainsThePassword() {
        let config = MQTTConfiguration(host: "h", clientID: "a", username: "rtlsd", password: "hunter2-very-secret")
        #expect(!config.description.contains("hunter2"))
        #expect(config.description.contains("rtlsd"))
    }
}
