import RTLSMQTT
import Testing

@Suite struct MQTTURLTests {
    @Test(arguments: [
        ("mqtt://127.0.0.1:18842", "127.0.0.1", 18842, false),
        ("mqtt://broker.example", "broker.example", 1883, false),
        ("mqtts://broker.example", "broker.example", 8883, true),
        ("MQTTS://broker.example:9883/", "broker.example", 9883, true),
        ("tcp://localhost:1884", "localhost", 1884, false),
        ("mqtt://[::1]:1883", "::1", 1883, false),
        ("mqtts://[fe80::1]", "fe80::1", 8883, true),
    ])
    func parses(text: String, host: String, port: Int, tls: Bool) throws {
        let url = try MQTTURL(text)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.usesTLS == tls)
    }

    @Test(arguments: [
        "127.0.0.1:1883", "http://broker:80", "mqtt://", "mqtt://:1883", "mqtt://host:0", "mqtt://host:70000",
        "mqtt://host:abc", "mqtt://user:pw@host:1883", "mqtt://host:1883/topic", "mqtt://[::1", "mqtt://[::1]x",
    ])
    func rejects(text: String) {
        #expect(throws: MQTTError.self) { try MQTTURL(text) }
        do {
            _ = try MQTTURL(text)
        } catch {
            #expect(error.code == .invalidURL)
            #expect(!error.detail.isEmpty)
        }
    }

    @Test func descriptionRoundTrips() throws {
        for text in ["mqtt://10.0.0.1:1883", "mqtts://[::1]:8883"] {
            #expect(try MQTTURL(text).description == text)
            #expect(try MQTTURL(MQTTURL(text).description) == MQTTURL(text))
        }
    }
}
