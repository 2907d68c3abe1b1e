import Foundation
import Logging
import RTLSDaemon
import RTLSMQTT
import RTLSPostgres

/// The real broker and database the test script started, or `nil` (with one SKIP line) when the
/// variables are missing.
struct TestEnvironment {
    let pgDSN: String
    let mqttURL: MQTTURL
    let repo: String

    static func load(_ test: String) -> TestEnvironment? {
        let env = ProcessInfo.processInfo.environment
        guard let dsn = env["RTLSD_TEST_PG_DSN"], let urlText = env["RTLSD_TEST_MQTT_URL"],
            let url = try? MQTTURL(urlText)
        else {
            print("SKIP: \(test): RTLSD_TEST_PG_DSN / RTLSD_TEST_MQTT_URL not set (run scripts/test.sh)")
            return nil
        }
        let repo = env["RTLSD_TEST_REPO"] ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        return TestEnvironment(pgDSN: dsn, mqttURL: url, repo: repo)
    }

    /// Creates a fresh, empty database for one test and returns its conninfo.
    func freshDatabase(_ name: String) throws -> String {
        let admin = try PGConnection(conninfo: self.pgDSN)
        let db = "it_\(name)_\(UInt32.random(in: 0...UInt32.max))"
        try admin.execute("DROP DATABASE IF EXISTS \(db)")
        try admin.execute("CREATE DATABASE \(db)")
        return self.pgDSN + " dbname=\(db)"
    }

    /// A daemon config pointing at the test broker and `conninfo`, with the repo's migrations.
    /// `database` lines go into `[database]`, `extra` after `[writer]` (more keys or sections).
    func config(
        conninfo: String, clientID: String, topic: String = "rtls/+gateway/readings", database: String = "",
        extra: String = ""
    ) throws -> DaemonConfig {
        let text = """
            [mqtt]
            host = "\(self.mqttURL.host)"
            port = \(self.mqttURL.port)
            client_id = "\(clientID)"
            max_message_bytes = 1048576

            [[decoder]]
            topic = "\(topic)"
            decoder = "rtls-json"

            [database]
            conninfo = "\(conninfo)"
            migrations_dir = "\(self.repo)/sql"
            \(database)

            [writer]
            batch_size = 5000
            linger_ms = 100
            \(extra)
            """
        return try DaemonConfig.parse(text: text, file: "\(self.repo)/config/test.toml")
    }

    /// A connected publisher.
    func publisher(_ id: String) async throws -> MosquittoClient {
        let client = try MosquittoClient(
            configuration: MQTTConfiguration(
                host: self.mqttURL.host, port: self.mqttURL.port, clientID: "\(id)-\(UInt32.random(in: 0...UInt32.max))",
                cleanSession: true, maxInflight: 2000),
            logger: Logger(label: "test-publisher"))
        try client.start()
        guard await client.waitUntilReady(timeout: .seconds(10)) else { throw TestFailure("publisher did not connect") }
        return client
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { self.description = d }
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes.
func eventually(timeout: Duration, _ condition: () throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try condition()
}

extension PGConnection {
    /// The single integer a query returns.
    func scalar(_ sql: String) throws -> Int {
        let rows = try self.query(sql)
        guard let first = rows.first?.first, let text = first, let value = Int(text) else {
            throw TestFailure("no integer from: \(sql)")
        }
        return value
    }
}
