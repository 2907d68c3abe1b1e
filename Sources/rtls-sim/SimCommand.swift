import ArgumentParser
import Foundation
import Logging
import RTLSMQTT

/// `rtls-sim`: a facility simulator and load generator publishing gateway traffic over MQTT, and the
/// scorer of rtlsd's stored rooms and alerts against the simulator's ground truth.
@main
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rtls-sim",
        abstract: "Facility simulator / load generator: publishes realistic gateway traffic to an MQTT broker.",
        subcommands: [RunFacility.self, Sequence.self, Generate.self, Score.self])
}

/// Options shared by the publishing subcommands.
struct BrokerOptions: ParsableArguments {
    @Option(help: "Broker host.") var host = "127.0.0.1"
    @Option(help: "Broker port.") var port = 1883
    @Option(help: "Concurrent MQTT connections to publish over.") var connections = 1
    @Option(help: "Publish QoS (0, 1 or 2).") var qos = 1

    func makeClients(label: String) async throws -> [MosquittoClient] {
        var logger = Logger(label: "rtls-sim")
        logger.logLevel = .warning
        var clients: [MosquittoClient] = []
        for i in 0..<max(1, self.connections) {
            let config = MQTTConfiguration(
                host: self.host, port: self.port, clientID: "rtls-sim-\(label)-\(getpid())-\(i)", cleanSession: true,
                maxInflight: 2000)
            let client = try MosquittoClient(configuration: config, logger: logger)
            try client.start()
            clients.append(client)
        }
        for client in clients where !(await client.waitUntilReady(timeout: .seconds(15))) {
            throw ValidationError("broker \(self.host):\(self.port) did not accept a connection within 15 s")
        }
        return clients
    }

    var mqttQoS: MQTTQoS {
        switch self.qos {
        case 0: .atMostOnce
        case 2: .exactlyOnce
        default: .atLeastOnce
        }
    }
}

/// Waits for every client's queue to drain, then disconnects them.
func finish(_ clients: [MosquittoClient], timeout: Duration = .seconds(60)) async -> Bool {
    var ok = true
    for client in clients {
        if !(await client.waitForPublishes(timeout: timeout)) { ok = false }
        client.stop()
    }
    return ok
}

/// Keeps at most `limit` unacknowledged publishes per client, so a slow broker slows the pacer.
func throttle(_ clients: [MosquittoClient], limit: Int) async {
    for client in clients where client.pendingPublishes > limit {
        _ = await client.waitForPublishes(atMost: limit / 2, timeout: .seconds(30))
    }
}
