import Foundation
import RTLSCore
import RTLSPostgres

/// One timed way of storing the input, and what it cost.
enum WriterPhase: String, CaseIterable {
    /// `psql \copy` of the same rows (``PsqlCopyBaseline``).
    case psql
    /// ``ReadingBatchWriter`` on the readings alone: ledger row with the log range, reference
    /// resolution (all cached after the warm-up), binary COPY, COMMIT per batch.
    case raw
    /// As `raw`, plus one current location per reading (`asset_locations` upsert), as rtlsd writes
    /// when the rule engine runs.
    case daemon
    /// The daemon's writer (``WriterLoop`` on ``DatabaseSink``, write-ahead log), one connection.
    case writer1 = "writer-1"
    /// The same, `[writer] connections = 2`.
    case writer2 = "writer-2"
    /// `writer-1` with one current location per reading (`asset_locations` upsert).
    case writer1Locations = "writer-1-locations"
    /// `writer-2` with one current location per reading.
    case writer2Locations = "writer-2-locations"

    /// Phases run when `--phases` is not given.
    static let defaults: [WriterPhase] = [.psql, .writer1, .writer2, .writer1Locations, .writer2Locations]

    /// Connections of a daemon-writer phase, `nil` for the others.
    var connections: Int? {
        switch self {
        case .writer1, .writer1Locations: 1
        case .writer2, .writer2Locations: 2
        case .psql, .raw, .daemon: nil
        }
    }

    var label: String {
        switch self {
        case .psql: "psql \\copy (binary, 1 txn)"
        case .raw: "writer, readings only"
        case .daemon: "writer + asset_locations"
        case .writer1: "rtlsd writer, 1 connection"
        case .writer2: "rtlsd writer, 2 connections"
        case .writer1Locations: "rtlsd writer + asset_locations, 1 conn."
        case .writer2Locations: "rtlsd writer + asset_locations, 2 conn."
        }
    }
}

/// What one phase took.
struct PhaseFigures {
    var rows: Int
    var seconds: Double
    /// CPU seconds of rtls-bench (or psql) during the phase.
    var clientCPU: Double
    /// CPU seconds of the whole PostgreSQL cluster during the phase (0 when not measured).
    var serverCPU: Double

    var perSecond: Double { Double(self.rows) / self.seconds }
}

extension WriterPhase {
    /// Writes `input` through `writer` in batches of `batchSize` under ids from `firstBatchID` up.
    static func writeBatches(
        _ input: WriterInput, withLocations: Bool, writer: ReadingBatchWriter, batchSize: Int, firstBatchID: Int64
    ) throws {
        var batchID = firstBatchID
        var events = EngineOutput()
        var offset = 0
        while offset < input.readings.count {
            let end = min(offset + batchSize, input.readings.count)
            let batch = Array(input.readings[offset..<end])
            if withLocations {
                events.locations.removeAll(keepingCapacity: true)
                events.locations.append(contentsOf: input.locations[offset..<end])
            }
            let result = try writer.write(batch, events: events, batchID: batchID)
            guard !result.alreadyCommitted, !result.idInUse else {
                throw BenchError("writer: batch \(batchID) was not written (ledger not reset?)")
            }
            batchID += 1
            offset = end
        }
    }
}
