import ArgumentParser
import Foundation
import RTLSMQTT
import Synchronization

/// `rtls-sim run`: a living facility — tags moving between rooms, BLE sightings at several
/// gateways, RFID reads at loading-dock portals, fridges drifting warm, gateways going silent.
///
/// Two modes. The classic one paces readings at `--rate`, tags jump between rooms, and each sighting's
/// RSSI falls with the distance to the gateway (ESPresense: only the tag's own room node reports, so its
/// truth is what rtlsd reads from the topic). `--physics` (`PhysicsOptions`) is the one to measure
/// location with: tags walk, advertise on their own clock, and are heard by every gateway in radio range.
struct RunFacility: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Simulate a facility and publish its gateway traffic at a steady rate.")

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var shape: FacilityShape
    @OptionGroup var formats: FormatOptions
    @Option(help: "Write ground truth as JSON lines: each tag's zone on every move, the alerts rules should raise.")
    var truth: String?
    @OptionGroup var physics: PhysicsOptions
    @Option(help: "Readings per second (classic mode; with --physics the tags' advertisements set the rate).")
    var rate = 2000
    @Option(help: "Stop after this many seconds (0 = until Ctrl-C).") var seconds = 0
    @Option(help: "Simulated seconds per real second (movement, drift, battery drain); default 60, 1 with --physics.")
    var speed: Double?
    @Option(help: "Readings per message.") var perMessage = 50
    @Option(help: "Milliseconds between uploads of the batched formats' partly filled messages (Minew G1, rtls-json).")
    var flushMs = 500
    @Option(help: "Silence a random gateway for 90 s every N seconds (0 = never); default 120, 0 with --physics.")
    var silenceEveryS: Double?
    @Flag(help: "No progress line.") var quiet = false

    func run() async throws {
        let plan = self.formats.plan
        let facility = self.shape.makeFacility(plan)
        let physical = self.physics.enabled
        let speed = self.speed ?? (physical ? 1 : 60)
        let silenceEveryS = self.silenceEveryS ?? (physical ? 0 : 120)
        var generator = ReadingGenerator(
            facility: facility, plan: plan, seed: self.shape.seed, speed: speed, maxPerMessage: self.perMessage,
            truth: self.truth != nil)
        if physical { generator.enablePhysics(self.physics) }
        let truthFile = try self.truth.map { try TruthFile(path: $0) }
        let startMs = Int64(Date().timeIntervalSince1970 * 1000)
        generator.truth?.run("start", ms: startMs, fields: self.truthFields(plan, speed: speed))
        generator.recordStart(nowMs: startMs)
        let clients = try await self.broker.makeClients(label: "facility")
        var pacer = Pacer(rate: Double(self.rate))
        let clock = ContinuousClock()
        let began = clock.now
        var sent = 0
        var messages = 0
        var errors = 0
        var lastReport = began
        var lastFlush = began
        var nextSilence = silenceEveryS
        let stop = StopFlag()
        while !stop.isSet {
            let elapsed = clock.now - began
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if self.seconds > 0 && wall >= Double(self.seconds) { break }
            let sim = wall * speed
            if silenceEveryS > 0 && wall >= nextSilence {
                let gw = generator.silenceRandomGateway(forSimSeconds: 90 * speed, now: sim)
                print("simulator: gateway \(gw) goes silent for 90 s")
                nextSilence += silenceEveryS
            }
            let due = physical ? 0 : pacer.due()
            if !physical && due == 0 {
                try await Task.sleep(for: .milliseconds(2))
                continue
            }
            let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
            let publish = { (topic: String, payload: [UInt8]) in
                do {
                    try clients[messages % clients.count].publish(
                        topic: topic, payload: payload, qos: self.broker.mqttQoS)
                } catch {
                    errors += 1
                }
                messages += 1
            }
            let produced =
                physical
                ? generator.advertise(nowMs: nowMs, simSeconds: sim, emit: publish)
                : generator.produce(count: due, nowMs: nowMs, simSeconds: sim, emit: publish)
            if clock.now - lastFlush >= .milliseconds(self.flushMs) {
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
            if physical { try await Task.sleep(for: .milliseconds(10)) }
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
        generator.truth?.run("end", ms: Int64(Date().timeIntervalSince1970 * 1000))
        if let truthFile, let lines = generator.truth?.take(), !lines.isEmpty { try truthFile.write(lines) }
        print(
            "simulator: done — \(sent) readings, \(messages) messages, \(generator.moves) moves, \(errors) publish errors"
        )
    }
}

extension RunFacility {
    /// The run's settings for the truth file's start line (encoded JSON members).
    func truthFields(_ plan: TrafficPlan, speed: Double) -> String {
        var s = "\"mode\":\"\(self.physics.enabled ? "physics" : "classic")\",\"ble\":\"\(plan.ble.rawValue)\""
        s += ",\"speed\":\(speed),\"seed\":\(self.shape.seed),\"tags\":\(self.shape.tags)"
        if self.physics.enabled {
            let r = self.physics.radio
            s += ",\"dwell_s\":\(self.physics.dwellS),\"advert_interval_s\":\(self.physics.advertIntervalS)"
            s += ",\"sigma_db\":\(r.sigmaDB),\"wall_loss_db\":\(r.wallLossDB),\"flutter_db\":"
            s += self.physics.flutterDB.map { "\($0)" } ?? "null"
        }
        return s
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
