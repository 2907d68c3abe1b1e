import ArgumentParser
import Foundation
import RTLSMQTT
import Synchronization

/// `rtls-sim run`: a living facility — tags moving between rooms, BLE sightings at several
/// gateways, RFID reads at loading-dock portals, fridges drifting warm, gateways going silent.
struct RunFacility: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Simulate a facility and publish its gateway traffic at a steady rate.")

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var shape: FacilityShape
    @OptionGroup var formats: FormatOptions
    @Option(help: "Write ground truth as JSON lines: each tag's zone on every move, the alerts rules should raise.")
    var truth: String?
    @Option(help: "Readings per second.") var rate = 2000
    @Option(help: "Stop after this many seconds (0 = until Ctrl-C).") var seconds = 0
    @Option(help: "Simulated seconds per real second (movement, drift, battery drain).") var speed = 60.0
    @Option(help: "Readings per message.") var perMessage = 50
    @Option(help: "Silence a random gateway for 90 s every N seconds (0 = never).") var silenceEveryS = 120.0
    @Flag(help: "No progress line.") var quiet = false

    func run() async throws {
        let plan = self.formats.plan
        let facility = self.shape.makeFacility(plan)
        var generator = ReadingGenerator(
            facility: facility, plan: plan, seed: self.shape.seed, speed: self.speed, maxPerMessage: self.perMessage,
            truth: self.truth != nil)
        let truthFile = try self.truth.map { try TruthFile(path: $0) }
        generator.recordStart(nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        let clients = try await self.broker.makeClients(label: "facility")
        var pacer = Pacer(rate: Double(self.rate))
        let clock = ContinuousClock()
        let began = clock.now
        var sent = 0
        var messages = 0
        var errors = 0
        var lastReport = began
        var lastFlush = began
        var nextSilence = self.silenceEveryS
        let stop = StopFlag()
        while !stop.isSet {
            let elapsed = clock.now - began
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if self.seconds > 0 && wall >= Double(self.seconds) { break }
            let sim = wall * self.speed
            if self.silenceEveryS > 0 && wall >= nextSilence {
                let gw = generator.silenceRandomGateway(forSimSeconds: 90 * self.speed, now: sim)
                print("simulator: gateway \(gw) goes silent for 90 s")
                nextSilence += self.silenceEveryS
            }
            let due = pacer.due()
            if due == 0 {
                try await Task.sleep(for: .milliseconds(2))
                continue
            }
            let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
            let produced = generator.produce(count: due, nowMs: nowMs, simSeconds: sim) { topic, payload in
                do {
                    try clients[messages % clients.count].publish(
                        topic: topic, payload: payload, qos: self.broker.mqttQoS)
                } catch {
                    errors += 1
                }
                messages += 1
            }
            if clock.now - lastFlush >= .milliseconds(500) {
                lastFlush = clock.now
                generator.flush { topic, payload in
                    do {
                        try clients[messages % clients.count].publish(
                            topic: topic, payload: payload, qos: self.broker.mqttQoS)
                    } catch {
                        errors += 1
                    }
                    messages += 1
                }
            }
            if let truthFile, let lines = generator.truth?.take(), !lines.isEmpty { try truthFile.write(lines) }
            pacer.sent(produced)
            sent += produced
            await throttle(clients, limit: 4000)
            if !self.quiet && clock.now - lastReport >= .seconds(2) {
                lastReport = clock.now
                print(
                    "simulator: \(sent) readings in \(messages) messages (\(Int(Double(sent) / max(wall, 0.001)))/s), \(generator.moves) moves, \(errors) errors"
                )
            }
        }
        generator.flush { topic, payload in
            _ = try? clients[0].publish(topic: topic, payload: payload, qos: self.broker.mqttQoS)
        }
        _ = await finish(clients)
        if let truthFile, let lines = generator.truth?.take(), !lines.isEmpty { try truthFile.write(lines) }
        print(
            "simulator: done — \(sent) readings, \(messages) messages, \(generator.moves) moves, \(errors) publish errors"
        )
    }
}

/// Facility size options shared by `run` and `generate`.
struct FacilityShape: ParsableArguments {
    @Option(help: "Buildings.") var buildings = 1
    @Option(help: "Floors per building.") var floors = 3
    @Option(help: "Rooms per floor.") var rooms = 12
    @Option(help: "Tagged assets.") var tags = 500
    @Option(help: "Fridge temperature sensors.") var fridges = 4
    @Option(help: "Outdoor GPS trackers (ambulances, wheelchairs) moving between campus stops.") var gpsTrackers = 4
    @Option(help: "Random seed (same seed, same facility).") var seed: UInt64 = 42

    func makeFacility(_ plan: TrafficPlan) -> Facility {
        var facility = Facility(
            buildings: self.buildings, floors: self.floors, roomsPerFloor: max(4, self.rooms), tags: self.tags,
            fridges: self.fridges, gpsTrackers: self.gpsTrackers, seed: self.seed)
        facility.applyNaming(plan)
        return facility
    }
}

/// Set by SIGINT/SIGTERM so the simulator flushes and exits cleanly.
final class StopFlag: @unchecked Sendable {
    // SAFETY: the dispatch sources are created and resumed in init and never touched again; the
    // flag is atomic.
    private let flag = Atomic<Bool>(false)
    private let sources: [any DispatchSourceSignal]

    init() {
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { [unowned self] in self.flag.store(true, ordering: .relaxed) }
            source.resume()
        }
    }

    var isSet: Bool { self.flag.load(ordering: .relaxed) }
}
