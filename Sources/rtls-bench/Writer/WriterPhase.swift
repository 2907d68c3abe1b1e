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

    var label: String {
        switch self {
        case .psql: "psql \\copy (binary, 1 txn)"
        case .raw: "writer, readings only"
        case .daemon: "writer + asset_locations"
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
