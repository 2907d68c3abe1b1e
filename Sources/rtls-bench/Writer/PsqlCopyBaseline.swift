import Foundation
import RTLSCore
import RTLSPostgres

/// The ceiling: `psql \copy … (FORMAT binary)` of the very rows the writer stores (same bytes, same
/// table, same indexes, ids already resolved), one statement, one transaction, no ledger.
struct PsqlCopyBaseline {
    /// The binary COPY file (`location_readings` columns, ``LocationReadingRow`` encoding).
    let path: String
    /// Rows in it.
    let rows: Int

    /// Encodes `readings` with the ids `cache` holds into `path`.
    /// - Throws: ``BenchError`` when a name has no id (the warm-up did not run) or the file cannot be written.
    init(readings: [Reading], cache: ReferenceIDCache, path: String) throws {
        var copy = BinaryCopyWriter(reservingCapacity: readings.count * 110)
        for r in readings {
            guard let tagID = cache.tagID(r.tag), let gatewayID = cache.gatewayID(r.gateway) else {
                throw BenchError("writer: \(r.tag.string) or \(r.gateway.string) has no id after the warm-up")
            }
            LocationReadingRow(r, tagID: tagID, gatewayID: gatewayID, zoneID: nil).encode(into: &copy)
        }
        copy.finish()
        guard FileManager.default.createFile(atPath: path, contents: Data(copy.bytes)) else {
            throw BenchError("writer: cannot write \(path)")
        }
        self.path = path
        self.rows = readings.count
    }

    /// Runs `psql "<conninfo>" -c '\copy …'` and returns its wall time (process start to exit).
    func run(conninfo: String) throws -> Duration {
        let columns = LocationReadingRow.table.columns.joined(separator: ", ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", conninfo, "-qX", "-v", "ON_ERROR_STOP=1", "-c",
            "\\copy location_readings (\(columns)) FROM '\(self.path)' WITH (FORMAT binary)",
        ]
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = clock.now - start
        guard process.terminationStatus == 0 else {
            throw BenchError("writer: psql \\copy exited with status \(process.terminationStatus)")
        }
        return elapsed
    }
}
