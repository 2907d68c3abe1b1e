import ArgumentParser
import Foundation
import RTLSCore
import RTLSPostgres

/// `rtls-bench writer`: rtlsd's database writer against `psql \copy` of the same rows into the
/// same tables, measured in the same run.
struct WriterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "writer",
        abstract: "rtlsd's writer vs psql \\copy of the same rows, same tables, same run.",
        discussion: """
            Migrates the database, writes a warm-up batch (every tag, gateway and zone gets its id), \
            then per round: psql \\copy (binary) of --rows location readings, and the daemon's own \
            writer (WriterLoop on DatabaseSink, built from a DaemonConfig as rtlsd builds it: \
            write-ahead log, ledger row with its range per batch, binary COPY, COMMIT) with \
            [writer] connections = 1 and = 2, without and with the asset_locations upsert; the \
            phases raw and daemon call ReadingBatchWriter directly, as earlier versions of this \
            benchmark did. Before each phase it TRUNCATEs location_readings and \
            asset_locations, deletes its own ledger rows and runs CHECKPOINT: point it only at a \
            benchmark cluster (--allow-truncate is required).
            """)

    @Option(help: "libpq conninfo of a benchmark database.") var pgDSN: String
    @Option(help: "Migrations directory.") var migrations = "sql"
    @Option(help: "postmaster.pid of the cluster, to count its CPU (optional).") var pgPIDFile = ""
    @Option(help: "Location readings per phase.") var rows = 1_000_000
    @Option(help: "Readings per batch ([writer] batch_size default).") var batchSize = 5_000
    @Option(help: "Distinct tags.") var tags = 10_000
    @Option(help: "Rounds (each runs every phase once; the median is reported).") var rounds = 3
    @Option(help: "Phases, comma-separated (\(WriterPhase.allCases.map(\.rawValue).joined(separator: ",")))")
    var phases = WriterPhase.defaults.map(\.rawValue).joined(separator: ",")
    @Option(help: "Make every Nth reading an RFID TID of the previous reading's tag (tag_identifiers upsert; 0: none; phases psql and raw only).")
    var tidEvery = 0
    @Flag(help: "Confirm the database is a benchmark one: its readings are truncated.") var allowTruncate = false

    func run() throws {
        guard self.allowTruncate else {
            throw ValidationError("writer truncates location_readings and asset_locations: pass --allow-truncate")
        }
        let selected = try self.phases.split(separator: ",").map { name in
            guard let phase = WriterPhase(rawValue: String(name)) else {
                throw ValidationError("unknown phase \"\(name)\"")
            }
            return phase
        }
        let admin = try PGConnection(conninfo: self.pgDSN)
        let report = try MigrationRunner(catalog: MigrationCatalog(directory: self.migrations)).run(on: admin)
        let now = Timestamp(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000))
        _ = try PartitionMaintainer().run(on: admin, now: now)
        let input = WriterInput(rows: self.rows, tags: self.tags, base: now, tidEvery: self.tidEvery)
        let writer = ReadingBatchWriter(
            connection: try PGConnection(conninfo: self.pgDSN), instance: "bench-writer", writeAheadLogID: 1)
        try self.reset(admin)
        let warm = input.warmUpBatch(tags: self.tags)
        try writer.write(warm.readings, events: warm.events, batchID: 1)
        let file = NSTemporaryDirectory() + "rtls-bench-writer-\(getpid()).copy"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let baseline = try PsqlCopyBaseline(readings: input.readings, cache: writer.cache, path: file)
        print(
            """
            writer: \(Figures.grouped(Double(self.rows))) location readings per phase, \(Figures.grouped(Double(self.tags))) \
            tags, batches of \(Figures.grouped(Double(self.batchSize))), storage \(report.storage), \(self.rounds) rounds
            """)

        var results: [WriterPhase: [PhaseFigures]] = [:]
        for round in 1...max(self.rounds, 1) {
            var line: [String] = []
            for phase in selected {
                try self.reset(admin)
                if let connections = phase.connections {
                    let run = DaemonWriterRun(
                        input: input, conninfo: self.pgDSN, migrations: self.migrations, batchSize: self.batchSize,
                        connections: connections,
                        withLocations: phase == .writer1Locations || phase == .writer2Locations)
                    let figures = try run.run(measure: self.measure)
                    results[phase, default: []].append(figures)
                    let psql = results[.psql].flatMap { $0.count == round ? $0.last : nil }
                    let ratio = psql.map { " (\(Figures.decimal(figures.perSecond / $0.perSecond, 2))×)" } ?? ""
                    line.append("\(phase.rawValue) \(Figures.grouped(figures.perSecond))/s\(ratio)")
                    continue
                }
                let figures = try self.measure {
                    switch phase {
                    case .psql: _ = try baseline.run(conninfo: self.pgDSN)
                    case .writer1, .writer2, .writer1Locations, .writer2Locations: break
                    case .raw, .daemon:
                        try WriterPhase.writeBatches(
                            input, withLocations: phase == .daemon, writer: writer, batchSize: self.batchSize,
                            firstBatchID: 2)
                    }
                }
                results[phase, default: []].append(figures)
                line.append("\(phase.rawValue) \(Figures.grouped(figures.perSecond))/s")
            }
            print("  round \(round): " + line.joined(separator: ", "))
        }
        try self.reset(admin)
        self.printTable(results, order: selected)
    }

    /// Empties the tables the phases write and forces a checkpoint, so each phase starts alike.
    private func reset(_ admin: PGConnection) throws {
        try admin.execute(
            """
            TRUNCATE location_readings, asset_locations;
            TRUNCATE tag_identifiers;
            DELETE FROM ingest_batches WHERE instance = 'bench-writer';
            CHECKPOINT
            """, operation: "resetting benchmark tables")
    }

    /// Times `body` and the CPU it and the PostgreSQL cluster used.
    private func measure(_ body: () throws -> Void) throws -> PhaseFigures {
        let account = CPUAccount(postgresPIDFile: self.pgPIDFile, mosquittoPIDFile: "")
        var seen: [Int32: Double] = [:]
        let me = getpid()
        let client0 = ProcessSample.read(pid: me).map { $0.cpuSeconds + $0.reapedChildrenCPUSeconds } ?? 0
        let server0 = account.sample(publishers: [], seen: &seen)["postgres"] ?? 0
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let seconds = Figures.seconds(clock.now - start)
        let client1 = ProcessSample.read(pid: me).map { $0.cpuSeconds + $0.reapedChildrenCPUSeconds } ?? 0
        let server1 = account.sample(publishers: [], seen: &seen)["postgres"] ?? 0
        return PhaseFigures(
            rows: self.rows, seconds: seconds, clientCPU: client1 - client0, serverCPU: server1 - server0)
    }

    private func printTable(_ results: [WriterPhase: [PhaseFigures]], order: [WriterPhase]) {
        func median(_ phase: WriterPhase) -> PhaseFigures? {
            guard let all = results[phase], !all.isEmpty else { return nil }
            return all.sorted { $0.perSecond < $1.perSecond }[all.count / 2]
        }
        let psql = median(.psql)
        print("| phase (median of \(self.rounds)) | rows/s | vs psql \\copy | client CPU µs/row | PostgreSQL CPU µs/row |")
        print("|---|---:|---:|---:|---:|")
        for phase in order {
            guard let f = median(phase) else { continue }
            let ratio = psql.map { Figures.decimal(f.perSecond / $0.perSecond, 2) } ?? "-"
            let server = self.pgPIDFile.isEmpty ? "-" : Figures.decimal(f.serverCPU * 1e6 / Double(f.rows), 2)
            print(
                "| \(phase.label) | \(Figures.grouped(f.perSecond)) | \(ratio) | "
                    + "\(Figures.decimal(f.clientCPU * 1e6 / Double(f.rows), 2)) | \(server) |")
        }
    }
}
