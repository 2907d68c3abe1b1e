import ArgumentParser
import Foundation
import RTLSMQTT

/// `rtls-sim sequence`: publishes N deterministic readings (see `SequencePayloads`) so tests and
/// benchmarks can check exactly what reached the database.
struct Sequence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish N deterministic rtls-json readings (tests and benchmarks).")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Number of readings.") var count = 100_000
    @Option(help: "Readings per message (1 sends bare objects).") var perMessage = 50
    @Option(help: "Readings per second (0 = as fast as the broker takes them).") var rate = 0
    @Option(help: "Tag id prefix (also the gateway id).") var prefix = "seq"
    @Option(help: "Distinct tags.") var tags = 1000
    @Option(help: "Timestamp of reading 0, epoch ms (default: now).") var baseMs: Int64 = 0
    @Option(help: "Start at reading number.") var start = 0
    @Option(help: "Tag id prefix when it differs from --prefix (several sites sharing tag ids).") var tagPrefix: String?
    @Option(help: "Location readings name zone ZONE-<i % zones> (0: no zone).") var zones = 0
    @Option(help: "Topic to publish on (default: rtls/<prefix>/readings).") var topic: String?

    func run() async throws {
        let clients = try await self.broker.makeClients(label: self.prefix)
        let base = self.baseMs > 0 ? self.baseMs : Int64(Date().timeIntervalSince1970 * 1000)
        let payloads = SequencePayloads(
            prefix: self.tagPrefix ?? self.prefix, tags: self.tags, baseMs: base, perMessage: self.perMessage,
            zones: self.zones)
        var pacer = Pacer(rate: Double(self.rate))
        let clock = ContinuousClock()
        let began = clock.now
        var i = self.start
        var message = 0
        let end = self.start + self.count
        while i < end {
            if self.rate > 0 {
                var due = pacer.due()
                while due < self.perMessage && due < end - i {
                    try await Task.sleep(for: .milliseconds(1))
                    due = pacer.due()
                }
            }
            let n = min(self.perMessage, end - i)
            let client = clients[message % clients.count]
            try client.publish(topic: self.topic ?? "rtls/\(self.prefix)/readings", payload: payloads.message(i..<(i + n)), qos: self.broker.mqttQoS)
            pacer.sent(n)
            i += n
            message += 1
            if message % 64 == 0 { await throttle(clients, limit: 4000) }
        }
        let ok = await finish(clients)
        let elapsed = clock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("published \(self.count) readings in \(message) messages in \(String(format: "%.2f", seconds)) s (\(Int(Double(self.count) / max(seconds, 0.001))) readings/s), base_ms=\(base)")
        if !ok { throw ValidationError("some publishes were not acknowledged by the broker") }
    }
}
