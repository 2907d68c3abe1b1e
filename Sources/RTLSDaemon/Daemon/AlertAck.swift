import Foundation
public import Logging
import RTLSCore
import RTLSMQTT
import RTLSPostgres

/// `rtlsd alert ack ID`: publishes an acknowledgement on `[alerts] ack_topic`, the same path a
/// paging system uses, so the running daemon records it (stopping the alert's escalation), then
/// looks for the stored row in `alert_actions` to say whether it was taken.
public enum AlertAck {
    /// Sends the acknowledgement and waits up to `confirmWithin` for the stored row.
    /// - Returns: a sentence for the terminal.
    /// - Throws: ``AlertAckError`` saying what is missing or failed.
    public static func send(
        config: DaemonConfig, alertID: UInt64, by actor: String, confirmWithin: Duration = .seconds(5), logger: Logger
    ) async throws -> String {
        guard let topic = config.alertAckTopic else {
            throw AlertAckError("the config sets no [alerts] ack_topic, so rtlsd accepts no acknowledgements")
        }
        guard !actor.isEmpty, SiteName(actor) != nil else {
            throw AlertAckError("--by must be a name of 1 to 32 bytes (who acknowledged)")
        }
        var mqtt = try config.mqttConfiguration(environment: currentEnvironment())
        mqtt.clientID = "\(mqtt.clientID ?? "rtlsd")-ack-\(getpid())"
        mqtt.cleanSession = true
        let client = try MosquittoClient(configuration: mqtt, logger: logger)
        try client.start()
        defer { client.stop() }
        guard await client.waitUntilReady(timeout: .seconds(15)) else {
            throw AlertAckError("broker \(mqtt.host):\(mqtt.port) did not accept a connection within 15 s; nothing sent")
        }
        let payload = "{\"alert_id\":\(alertID),\"by\":\(JSONStringLiteral.quote(actor))}"
        try client.publish(topic: topic, payload: Array(payload.utf8), qos: .atLeastOnce)
        guard await client.waitForPublishes(timeout: .seconds(10)) else {
            throw AlertAckError("the broker did not acknowledge the publish on \(topic) within 10 s")
        }
        // Confirmation: the daemon stores the acknowledgement with its next batch.
        let sent = "acknowledgement of alert \(alertID) by \(actor) sent on \(topic)"
        guard let connection = try? PGConnection(conninfo: try config.databaseConninfo(environment: currentEnvironment()))
        else { return sent + "; the database is unreachable, so it is not confirmed" }
        let clock = ContinuousClock()
        let deadline = clock.now + confirmWithin
        while clock.now < deadline {
            let rows = try? connection.query(
                "SELECT time, actor FROM alert_actions WHERE alert_id = $1::bigint AND action = 'acknowledged' ORDER BY time LIMIT 1",
                [String(Int64(bitPattern: alertID))], operation: "confirming the acknowledgement")
            if let row = rows?.first {
                return "alert \(alertID) acknowledged by \(row[1] ?? "?") at \(row[0] ?? "?")"
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return sent + "; not stored within \(confirmWithin): is rtlsd running, and is the alert open? (see its log)"
    }
}

/// `rtlsd alert ack` could not send the acknowledgement.
public struct AlertAckError: Error, CustomStringConvertible {
    /// What failed and what to do.
    public let description: String

    init(_ description: String) { self.description = description }
}
