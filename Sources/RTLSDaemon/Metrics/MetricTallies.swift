public import RTLSCore
public import Synchronization

/// Tallies the metrics need that ``PipelineStats``' plain counters cannot hold: readings by decoder
/// and kind (updated once per message), batch sizes and commit times (once per batch), and time the
/// MQTT thread spent waiting on a full ring (only on that slow path). Nothing here is touched per
/// reading; `MetricsSampler` reads it once a second or per scrape.
public final class MetricTallies: Sendable {
    /// A label pair of `rtlsd_ingest_readings_decoded_total`.
    public struct DecodedKey: Hashable, Sendable {
        /// The decoder id from `[[decoder]]` (`zebra-fx` …).
        public var decoder: String
        /// The kind of reading.
        public var kind: SourceKind
    }

    /// One committed batch.
    public struct BatchSample: Sendable, Equatable {
        /// Readings in the batch.
        public var rows: Int
        /// How long the database write (COPY and commit) took.
        public var commit: Duration
    }

    /// Batches kept for the sampler; beyond this (no sampler running) the oldest are dropped.
    static let maxPendingBatches = 4_096

    private let decoded = Mutex<[DecodedKey: UInt64]>([:])
    private let batches = Mutex<[BatchSample]>([])
    /// Nanoseconds the MQTT thread waited for room in a full ring.
    public let ringFullWaitNanoseconds = Atomic<UInt64>(0)

    /// Creates empty tallies.
    public init() {}

    /// Counts one message's readings under its decoder, by kind (one lock per message).
    /// - Important: call once per message, not per reading.
    public func countDecoded(decoderID: String, readings: [Reading]) {
        guard let first = readings.first else { return }
        self.decoded.withLock { tally in
            var kind = first.kind
            var run: UInt64 = 0
            for reading in readings {
                if reading.kind != kind {
                    tally[DecodedKey(decoder: decoderID, kind: kind), default: 0] += run
                    kind = reading.kind
                    run = 0
                }
                run += 1
            }
            tally[DecodedKey(decoder: decoderID, kind: kind), default: 0] += run
        }
    }

    /// Readings decoded so far, by decoder and kind.
    public var decodedByDecoderAndKind: [DecodedKey: UInt64] {
        self.decoded.withLock { $0 }
    }

    /// Records one committed batch (writer thread, once per batch).
    public func recordBatch(rows: Int, commit: Duration) {
        self.batches.withLock { pending in
            if pending.count >= Self.maxPendingBatches { pending.removeFirst(pending.count / 2) }
            pending.append(BatchSample(rows: rows, commit: commit))
        }
    }

    /// Takes the batches recorded since the last call.
    public func takeBatches() -> [BatchSample] {
        self.batches.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// Adds time spent waiting on a full ring (MQTT thread, slow path only).
    public func addRingFullWait(_ waited: Duration) {
        let (seconds, attoseconds) = waited.components
        let nanos = max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        self.ringFullWaitNanoseconds.add(UInt64(nanos), ordering: .relaxed)
    }
}
