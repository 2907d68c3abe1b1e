import Foundation
public import Logging
import Synchronization
public import RTLSCore

/// What the MQTT thread does with each message: pick the decoder by topic, decode into a reused
/// buffer, run the rules, log the readings ahead (write-ahead log) and push them into the ring.
/// With the log, a full ring never stops intake: the readings stay in the log and the writer takes
/// them from there (``IntakeOverflow``); intake waits only while the log is at `max_bytes`. Without
/// it, intake waits while the ring is full (backpressure, never a silent drop). Problems are counted
/// by reason and logged at most once a minute per topic/reason.
///
/// - Important: call `handle` from one thread only (the MQTT network thread); it owns the buffers
///   and the rate limiter.
public final class IngestPipeline: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): created on one thread and then used only by the MQTT network
    // thread (documented above); the ring and stats it shares are themselves thread-safe.
    struct Route {
        var pattern: TopicPattern
        var decoder: any ReadingDecoder
        var decoderID: String
        var utcOffsetSeconds: Int32
    }

    /// Topic → decoder routes; swapped whole on reload (one uncontended lock per message).
    private let routes: Mutex<[Route]>
    private let ring: SPSCRing<Reading>
    private let stats: PipelineStats
    private let logger: Logger
    private let maxMessageBytes: Int
    private let maxSkewMicroseconds: Int64
    private var output = DecodeOutput()
    private var limiter = RateLimiter<String>()
    /// Drops MQTT redeliveries after a (re)connect; `nil` when `[ingest] duplicate_window = 0`.
    private var redeliveries: RedeliveryFilter?
    /// Set when the daemon is stopping: a full ring is then waited on only until the deadline.
    private let shouldGiveUp: @Sendable () -> Bool
    /// Location and alert rules, when a site and rules file are configured.
    private let rules: RulesStage?
    /// The write-ahead log (`[spool] write_ahead`): each message's readings are appended before
    /// `handle` returns, i.e. before libmosquitto writes the PUBACK.
    private let writeAhead: WriteAheadLog?
    /// The hand-over to the writer when the ring is full (with the write-ahead log only).
    private let overflow: IntakeOverflow?
    /// Whether intake is leaving readings in the log (the ring was full) until the writer asks back.
    private var leftToLog = false
    /// When intake last said it left readings in the log (at most one warning a minute).
    private var overflowLogged: Timestamp?
    /// Set while handling a message that had to wait (log full, ring full).
    private var waited = false

    /// Creates the pipeline from validated config routes.
    public init(
        routes: [DaemonConfig.DecoderRoute], ring: SPSCRing<Reading>, stats: PipelineStats, logger: Logger,
        maxMessageBytes: Int, maxClockSkewSeconds: Int, rules: RulesStage? = nil, duplicateWindow: Int = 65_536,
        redeliverySeconds: Int = 10, writeAhead: WriteAheadLog? = nil, overflow: IntakeOverflow? = nil,
        shouldGiveUp: @escaping @Sendable () -> Bool = { false }
    ) {
        self.rules = rules
        self.writeAhead = writeAhead
        self.overflow = writeAhead == nil ? nil : overflow
        self.redeliveries =
            duplicateWindow > 0
            ? RedeliveryFilter(capacity: duplicateWindow, horizonMicroseconds: Int64(redeliverySeconds) * 1_000_000) : nil
        // Messages the last run logged may be redelivered (a PUBACK lost in a crash): they become
        // suspects at the first connection.
        let seeds = writeAhead.map { $0.lastRunStoppedCleanly ? [] : $0.recentMessages } ?? []
        for message in seeds.suffix(max(duplicateWindow, 0)) {
            self.redeliveries?.record(key: message.key, at: message.receivedAt)
        }
        self.routes = Mutex(Self.resolve(routes))
        self.ring = ring
        self.stats = stats
        self.logger = logger
        self.maxMessageBytes = maxMessageBytes
        self.maxSkewMicroseconds = Int64(maxClockSkewSeconds) * 1_000_000
        self.shouldGiveUp = shouldGiveUp
    }

    /// Decodes one message and queues its readings.
    /// - Parameter packetID: the MQTT packet identifier (0 for QoS 0); a resend keeps it.
    public func handle(topic: String, payload: [UInt8], packetID: UInt16 = 0, receivedAt: Timestamp) {
        self.stats.messagesReceived.add(1, ordering: .relaxed)
        let key =
            self.redeliveries != nil || self.writeAhead != nil ? RedeliveryFilter.key(topic: topic, payload: payload) : 0
        if self.redeliveries?.isRedelivery(key: key, packetID: packetID, at: receivedAt) == true {
            self.stats.duplicatesDropped.add(1, ordering: .relaxed)
            return
        }
        var context = DecodeContext(receivedAt: receivedAt, maxClockSkewMicroseconds: self.maxSkewMicroseconds)
        guard let route = self.route(for: topic, context: &context) else {
            self.reject(DecodeError(.noDecoder, detail: "no [[decoder]] topic pattern matches"), topic: topic, decoderID: "-", payload: payload, now: receivedAt)
            return
        }
        if let problem = context.captureProblem {
            self.reject(problem, topic: topic, decoderID: route.decoderID, payload: [], now: receivedAt)
            return
        }
        guard payload.count <= self.maxMessageBytes else {
            self.reject(
                DecodeError(.tooLarge, detail: "\(payload.count) bytes, limit \(self.maxMessageBytes)"), topic: topic,
                decoderID: route.decoderID, payload: [], now: receivedAt)
            return
        }
        context.gatewayUTCOffsetSeconds = route.utcOffsetSeconds
        self.output.reset()
        do {
            try route.decoder.decode(topic: topic, payload: payload, context: context, into: &self.output)
        } catch {
            self.reject(error, topic: topic, decoderID: route.decoderID, payload: payload, now: receivedAt)
            return
        }
        for field in self.output.nulled {
            self.stats.countNulled(reason: field.code.description)
            self.logNulled(field, topic: topic, decoderID: route.decoderID, now: receivedAt)
        }
        for item in self.output.rejected {
            self.stats.itemsRejected.add(1, ordering: .relaxed)
            self.stats.countRejection(reason: item.code.description)
            self.logRateLimited(item, topic: topic, decoderID: route.decoderID, payload: payload, now: receivedAt)
        }
        if let rules = self.rules {
            let gateway = context.topicGateway.isEmpty ? (self.output.readings.first?.gateway ?? GatewayID()) : context.topicGateway
            rules.process(self.output.readings, gateway: gateway, receivedAt: receivedAt)
            for status in self.output.gatewayStatus where status.online {
                rules.process([], gateway: status.gateway, receivedAt: receivedAt)
            }
        }
        self.waited = false
        defer {
            // Acknowledged only now: in doubt relative to now if the connection drops.
            if self.waited { self.redeliveries?.restampNewest(at: DaemonClock.now()) }
        }
        if let log = self.writeAhead, !self.output.readings.isEmpty, !self.logAhead(log, messageKey: key) { return }
        for reading in self.output.readings {
            if reading.flags.contains(.clockSkewed) { self.stats.readingsSkewed.add(1, ordering: .relaxed) }
            self.enqueue(reading, now: receivedAt)
        }
        self.stats.readingsDecoded.add(UInt64(self.output.readings.count), ordering: .relaxed)
        self.stats.tallies.countDecoded(decoderID: route.decoderID, readings: self.output.readings)
    }

    /// The MQTT connection was (re)established (CONNACK): for `redelivery_seconds`, messages received
    /// shortly before the previous connection was lost (or logged before a restart) are taken for
    /// redeliveries. Call on the MQTT network thread, before the connection's first message.
    public func connectionEstablished(at now: Timestamp) {
        self.redeliveries?.connectionEstablished(at: now)
        if let suspects = self.redeliveries?.suspectCount, suspects > 0 {
            self.logger.info(
                "MQTT connection established: recent messages are taken for redeliveries if they come again",
                metadata: [
                    "redelivery.suspects": "\(suspects)",
                    "redelivery.window_s": "\(self.redeliveries?.horizonSeconds ?? 0)",
                ])
        }
    }

    /// The MQTT connection was lost. Call on the MQTT network thread.
    public func connectionLost(at now: Timestamp) {
        self.redeliveries?.connectionLost(at: now)
    }

    /// rtlsd disconnected cleanly (every PUBACK sent): the next start expects no redelivery.
    public func stoppedCleanly() {
        self.writeAhead?.markCleanStop()
    }

    private func route(for topic: String, context: inout DecodeContext) -> Route? {
        self.routes.withLock { routes in
            for route in routes where route.pattern.match(topic, capturing: &context) { return route }
            return nil
        }
    }

    /// Replaces the topic → decoder map (SIGHUP). The caller checks the subscriptions are unchanged.
    public func replaceRoutes(_ routes: [DaemonConfig.DecoderRoute]) {
        let resolved = Self.resolve(routes)
        self.routes.withLock { $0 = resolved }
    }

    private static func resolve(_ routes: [DaemonConfig.DecoderRoute]) -> [Route] {
        routes.compactMap { r in
            DecoderRegistry.decoder(id: r.decoderID).map {
                Route(pattern: r.pattern, decoder: $0, decoderID: r.decoderID, utcOffsetSeconds: r.utcOffsetSeconds)
            }
        }
    }

    /// Appends the decoded readings to the write-ahead log, waiting while it is full or failing
    /// (the broker queues meanwhile) until it takes them or shutdown gives up.
    /// - Returns: `false` when the readings were given up on (shutdown; counted and logged).
    private func logAhead(_ log: WriteAheadLog, messageKey: UInt64) -> Bool {
        var attempts = 0
        while true {
            do throws(SpoolError) {
                try log.append(&self.output.readings, messageKey: messageKey)
                return true
            } catch {
                self.waited = true
                self.stats.writeAheadFailures.add(1, ordering: .relaxed)
                if attempts % 240 == 0 {
                    self.logger.critical(
                        "Write-ahead log cannot take a message (\(error)); MQTT intake waits, the broker queues",
                        metadata: [LogKey.errorCode: "\(error.code)", LogKey.spoolBytes: "\(log.bytes)"])
                }
                attempts += 1
                if self.shouldGiveUp() {
                    self.stats.readingsAbandoned.add(UInt64(self.output.readings.count), ordering: .relaxed)
                    self.logger.error(
                        "Readings not logged: shutting down and the write-ahead log stayed unavailable past the drain timeout",
                        metadata: ["readings.abandoned": "\(self.output.readings.count)"])
                    return false
                }
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
    }

    private func enqueue(_ reading: Reading, now: Timestamp) {
        if let overflow = self.overflow, reading.sequence != 0 {
            self.enqueueOrLeave(reading, overflow: overflow, now: now)
            return
        }
        if self.ring.push(reading) { return }
        self.waited = true
        let waitStarted = ContinuousClock.now
        defer { self.stats.tallies.addRingFullWait(ContinuousClock.now - waitStarted) }
        var waitedRounds = 0
        while !self.ring.push(reading, waitingUpTo: .milliseconds(250)) {
            waitedRounds += 1
            if waitedRounds == 4 || waitedRounds % 240 == 0 {
                self.logger.warning(
                    "Ring buffer full: MQTT intake is waiting for the database writer",
                    metadata: ["ring.capacity": "\(self.ring.capacity)", "waited.ms": "\(waitedRounds * 250)"])
            }
            if self.shouldGiveUp() {
                self.stats.readingsAbandoned.add(1, ordering: .relaxed)
                self.logger.error(
                    "Reading not queued: shutting down and the ring stayed full past the drain timeout",
                    metadata: [LogKey.tagID: "\(reading.tag)", LogKey.gatewayID: "\(reading.gateway)"])
                return
            }
        }
    }

    /// A logged reading goes to the ring, or, while the ring is full and until the writer has
    /// drained it, stays in the log only: the writer reads it back from there, in order.
    private func enqueueOrLeave(_ reading: Reading, overflow: IntakeOverflow, now: Timestamp) {
        if self.leftToLog {
            guard overflow.takeResume() else {
                overflow.noteLeft(reading.sequence)
                self.stats.readingsLeftInLog.add(1, ordering: .relaxed)
                return
            }
            self.leftToLog = false
        }
        if self.ring.push(reading) { return }
        self.leftToLog = true
        overflow.leave()
        overflow.noteLeft(reading.sequence)
        self.stats.readingsLeftInLog.add(1, ordering: .relaxed)
        if self.overflowLogged.map({ now.microseconds - $0.microseconds >= 60_000_000 }) ?? true {
            self.overflowLogged = now
            self.logger.warning(
                "Writer behind the database: ring full; intake goes on and readings wait in the write-ahead log, the writer catches up from it (rules and alerts are not delayed)",
                metadata: [
                    "ring.capacity": "\(self.ring.capacity)",
                    "readings.left_in_log": "\(self.stats.readingsLeftInLog.load(ordering: .relaxed))",
                    LogKey.spoolBytes: "\(self.writeAhead?.bytes ?? 0)",
                ])
        }
    }

    private func reject(_ error: DecodeError, topic: String, decoderID: String, payload: [UInt8], now: Timestamp) {
        self.stats.messagesRejected.add(1, ordering: .relaxed)
        self.stats.countRejection(reason: error.code.description)
        self.logRateLimited(error, topic: topic, decoderID: decoderID, payload: payload, now: now)
    }

    private func logNulled(_ error: DecodeError, topic: String, decoderID: String, now: Timestamp) {
        guard let suppressed = self.limiter.record("\(topic)\u{0}nulled\u{0}\(error.field)", now: now) else { return }
        self.logger.warning(
            "Field set to NULL, reading kept: \(error) (decoder \"\(decoderID)\", topic \"\(topic)\"; \(suppressed) similar suppressed in the last minute)",
            metadata: [
                LogKey.decoderID: "\(decoderID)",
                LogKey.mqttTopic: "\(topic)",
                LogKey.errorCode: "\(error.code)",
                LogKey.suppressed: "\(suppressed)",
            ])
    }

    private func logRateLimited(_ error: DecodeError, topic: String, decoderID: String, payload: [UInt8], now: Timestamp) {
        guard let suppressed = self.limiter.record("\(topic)\u{0}\(error.code)", now: now) else { return }
        var metadata: Logger.Metadata = [
            LogKey.decoderID: "\(decoderID)",
            LogKey.mqttTopic: "\(topic)",
            LogKey.errorCode: "\(error.code)",
            LogKey.suppressed: "\(suppressed)",
        ]
        if !payload.isEmpty, self.logger.logLevel <= .debug {
            metadata[LogKey.preview] = "\(HexPreview.of(payload))"
        }
        self.logger.warning(
            "Message skipped: \(error) (decoder \"\(decoderID)\", topic \"\(topic)\"; \(suppressed) similar suppressed in the last minute)",
            metadata: metadata)
    }
}
