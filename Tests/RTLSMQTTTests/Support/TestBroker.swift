import Foundation
import Logging
import RTLSMQTT
import Synchronization

/// The broker the integration tests use: `RTLSD_TEST_MQTT_URL` (`mqtt://127.0.0.1:PORT`), started
/// by `scripts/lib/services.sh`. Without it each test prints one `SKIP:` line and returns.
enum TestBroker {
    static func url(skipping test: String) -> MQTTURL? {
        guard let text = ProcessInfo.processInfo.environment["RTLSD_TEST_MQTT_URL"], !text.isEmpty else {
            print("SKIP: \(test): RTLSD_TEST_MQTT_URL is not set")
            return nil
        }
        do {
            return try MQTTURL(text)
        } catch {
            print("SKIP: \(test): RTLSD_TEST_MQTT_URL: \(error)")
            return nil
        }
    }

    /// A fresh name so runs and tests never see each other's sessions or retained messages.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(String(UInt64.random(in: 0..<UInt64.max), radix: 36))"
    }

    static func config(_ url: MQTTURL, clientID: String?, cleanSession: Bool = false) -> MQTTConfiguration {
        var config = MQTTConfiguration(url: url, clientID: clientID, cleanSession: cleanSession)
        config.reconnectDelayMin = .milliseconds(100)
        config.reconnectDelayMax = .milliseconds(400)
        config.keepAliveSeconds = 10
        return config
    }

    /// The mosquitto started by `rtls_mqtt_start`, for the restart test: its config and pid file.
    static var runDirectory: String? {
        guard let dir = ProcessInfo.processInfo.environment["RTLSD_RUN_DIR"], !dir.isEmpty else { return nil }
        let conf = "\(dir)/mosquitto/mosquitto.conf"
        return FileManager.default.fileExists(atPath: conf) ? dir : nil
    }

    /// Stops the broker with SIGTERM (it saves its persistence file) and waits for it to exit.
    static func stopBroker(runDirectory dir: String) throws {
        let pidFile = "\(dir)/mosquitto/mosquitto.pid"
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw MQTTError(.invalidConfiguration, detail: "no pid in \(pidFile)")
        }
        kill(pid, SIGTERM)
        // Up to 20 s: mosquitto writes its persistence file (the flood tests leave queued messages
        // in it) before it exits, which took more than 5 s on a loaded 2-core machine.
        for _ in 0..<400 where kill(pid, 0) == 0 { usleep(50_000) }
        guard kill(pid, 0) != 0 else {
            throw MQTTError(.invalidConfiguration, detail: "mosquitto \(pid) ignored SIGTERM for 20 s")
        }
    }

    /// Starts mosquitto again with the same config file and records its pid where services.sh looks.
    static func startBroker(runDirectory dir: String) throws {
        // The test runner's threads block SIGTERM and a spawned child inherits that mask; mosquitto
        // waits in pselect with the mask it inherited, so it would then ignore SIGTERM for good (and
        // `rtls_mqtt_stop` could not stop it). perl (perl-base, always on Debian) clears the mask first.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        process.arguments = [
            "-MPOSIX", "-e", "sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die; exec @ARGV or die",
            "/usr/sbin/mosquitto", "-c", "\(dir)/mosquitto/mosquitto.conf",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try "\(process.processIdentifier)\n".write(toFile: "\(dir)/mosquitto/mosquitto.pid", atomically: true, encoding: .utf8)
    }
}

/// Collects what a subscriber receives.
final class Inbox: Sendable {
    struct Received: Sendable, Equatable {
        var topic: String
        var payload: [UInt8]
        var qos: MQTTQoS
        var retained: Bool
        var packetID: UInt16 = 0
        /// Which of the test's connections received it.
        var connection = 0
    }

    private let received = Mutex<[Received]>([])

    func append(_ message: borrowing MQTTMessage, connection: Int = 0) {
        let copy = Received(
            topic: message.topic, payload: message.payload, qos: message.qos, retained: message.retained,
            packetID: message.packetID, connection: connection)
        self.received.withLock { $0.append(copy) }
    }

    var all: [Received] { self.received.withLock { $0 } }
    var count: Int { self.received.withLock { $0.count } }

    /// Waits until at least `count` messages arrived.
    func wait(for count: Int, timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while self.count < count {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}

/// A log handler that keeps entries in memory so tests can count what the client logged.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let entries = Mutex<[(Logger.Level, String)]>([])
        func count(_ message: String) -> Int { self.entries.withLock { $0.filter { $0.1 == message }.count } }
        var messages: [String] { self.entries.withLock { $0.map(\.1) } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        self.store.entries.withLock { $0.append((event.level, "\(event.message)")) }
    }

    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "rtlsd.mqtt.test") { _ in CapturingLogHandler(store: store) }, store)
    }
}
