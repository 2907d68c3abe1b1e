import RTLSCore
import RTLSDaemon
import RTLSPostgres

/// One core doing everything rtlsd does per reading except the network and the database round trip:
/// the redelivery filter (message key + ring store, as in steady operation), topic match, rtls-json
/// decode, locate + rules (``RuleEngine``), reference-id lookup and binary COPY encoding into a
/// 5,000-row buffer (reset per batch, as the writer does); with a write-ahead log, the readings and
/// the rules' output are appended as the MQTT thread and the rules stage do.
///
/// Times each stage per message (three clock reads per 50 readings, ~1 ns per reading) so the
/// breakdown adds up to the total. ``callgrindMeasured(readings:)`` processes an exact count for
/// `valgrind --tool=callgrind` (instructions per reading = Ir collected in it / readings).
struct PipelineBenchmark {
    var engine: RuleEngine
    let input: PipelineInput
    let pattern: TopicPattern
    let decoder: any ReadingDecoder
    private var output = DecodeOutput()
    private var engineOutput = EngineOutput()
    private var rows = BinaryCopyWriter(reservingCapacity: 1 << 20)
    private var sensorRows = BinaryCopyWriter(reservingCapacity: 1 << 18)
    private var tagIDs: [TagID: Int32] = [:]
    private var gatewayIDs: [GatewayID: Int32] = [:]
    private var metricIDs: [MetricName: Int16] = [:]
    private var rowsInBatch = 0
    /// When set, each message's readings are appended to this write-ahead log (as the MQTT thread
    /// does with `[spool] write_ahead`), and segments released as they fill.
    var log: WriteAheadLog?
    /// With a log: also append the rules' output as the rules stage does.
    var logsEvents = true
    private var logged = 0
    private var redeliveries = RedeliveryFilter()

    /// Figures of one run.
    struct Result {
        var readings = 0
        var decode: Duration = .zero
        var rules: Duration = .zero
        var encode: Duration = .zero
        var log: Duration = .zero
        var dedup: Duration = .zero
        var alerts = 0
        var zoneEvents = 0
        var batches = 0
        var total: Duration { self.dedup + self.decode + self.rules + self.encode + self.log }
    }

    init(engine: RuleEngine, input: PipelineInput, decoderID: String) throws {
        guard let decoder = DecoderRegistry.decoder(id: decoderID) else {
            throw BenchError("no decoder \(decoderID); known: \(DecoderRegistry.ids.joined(separator: ", "))")
        }
        self.engine = engine
        self.input = input
        self.decoder = decoder
        self.pattern = try TopicPattern("rtls/+gateway/readings")
    }

    /// ``run(readings:seconds:timed:)`` for exactly `readings`, untimed, in a function of its own so
    /// callgrind can count only it: `--collect-atstart=no --toggle-collect='*callgrindMeasured*'`.
    @inline(never)
    mutating func callgrindMeasured(readings: Int) -> Result {
        self.run(readings: readings, seconds: 0, timed: false)
    }

    /// Processes messages round-robin until `readings` readings or `seconds` have passed, whichever first.
    mutating func run(readings limit: Int, seconds: Double, timed: Bool) -> Result {
        var result = Result()
        let clock = ContinuousClock()
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        let span = Int64(self.input.readingCount)  // ms of device time per pass over the input
        var pass: Int64 = 0
        outer: while true {
            for message in self.input.messages {
                if result.readings >= limit || (timed && result.total >= budget) { break outer }
                let shift = pass * span * 1000
                let tk = clock.now
                let received = Timestamp(microseconds: 1_750_000_000_000_000 + shift + Int64(result.readings) * 1000)
                let key = RedeliveryFilter.key(topic: message.topic, payload: message.payload)
                if self.redeliveries.isRedelivery(key: key, at: received) { continue }
                let t0 = clock.now
                result.dedup += t0 - tk
                var context = DecodeContext(receivedAt: received)
                _ = self.pattern.match(message.topic, capturing: &context)
                self.output.reset()
                do {
                    try self.decoder.decode(
                        topic: message.topic, payload: message.payload, context: context, into: &self.output)
                } catch {
                    continue
                }
                let t1 = clock.now
                for var r in self.output.readings {
                    r.time = r.time.advanced(byMicroseconds: shift)
                    self.engine.process(r, into: &self.engineOutput)
                }
                result.alerts += self.engineOutput.alerts.count
                result.zoneEvents += self.engineOutput.zoneEvents.count
                let t2 = clock.now
                for r in self.output.readings { self.encode(r, batches: &result.batches) }
                let t3 = clock.now
                if let log = self.log {
                    if self.logsEvents { try? log.appendEvents(self.engineOutput) }
                    try? log.append(&self.output.readings, messageKey: key)
                    self.logged += 1
                    if self.logged % 1_000 == 0 { log.release(below: .max) }
                    result.log += clock.now - t3
                }
                self.engineOutput.removeAll()
                result.decode += t1 - t0
                result.rules += t2 - t1
                result.encode += t3 - t2
                result.readings += self.output.readings.count
            }
            pass += 1
        }
        return result
    }

    private mutating func encode(_ r: Reading, batches: inout Int) {
        let tagID = self.id(of: r.tag, in: &self.tagIDs)
        let gatewayID: Int32? = r.gateway.isEmpty ? nil : self.id(of: r.gateway, in: &self.gatewayIDs)
        if r.isSensor {
            let metricID = self.metricIDs[r.metric] ?? Int16(self.metricIDs.count + 1)
            if self.metricIDs[r.metric] == nil { self.metricIDs[r.metric] = metricID }
            SensorReadingRow(r, tagID: tagID, gatewayID: gatewayID, metricID: metricID).encode(into: &self.sensorRows)
        } else {
            LocationReadingRow(r, tagID: tagID, gatewayID: gatewayID, zoneID: nil).encode(into: &self.rows)
        }
        self.rowsInBatch += 1
        if self.rowsInBatch == 5_000 {
            self.rows.finish()
            self.sensorRows.finish()
            precondition(!self.rows.bytes.isEmpty)
            self.rows.reset()
            self.sensorRows.reset()
            self.rowsInBatch = 0
            batches += 1
        }
    }

    private func id<Key: Hashable>(of key: Key, in map: inout [Key: Int32]) -> Int32 {
        if let id = map[key] { return id }
        let id = Int32(map.count + 1)
        map[key] = id
        return id
    }

    /// The message keys of the input and their receive times, for ``dedupCost(previous:passes:)``.
    func messageKeys() -> [UInt64] {
        self.input.messages.map { RedeliveryFilter.key(topic: $0.topic, payload: $0.payload) }
    }
}
