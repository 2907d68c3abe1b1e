import Foundation
public import Logging
import RTLSCore

/// Batch ids for the `ingest_batches` ledger, where a batch is keyed by (instance, batch id): a
/// counter that only grows and survives restarts, never the wall clock (a clock stepped back, or a
/// second daemon, must not meet an id that is already there).
///
/// - With a directory (`[spool] dir`): ids are reserved in blocks of ``blockSize``; the end of the
///   reserved block is written to `<dir>/batch-id.next` and synced before any id of the block is
///   used, so after a crash numbering resumes above everything handed out (the rest of the block
///   is skipped).
/// - Always: ``raise(above:)`` with the ledger's highest id for the instance at each connection,
///   so a lost or restored directory cannot reuse ids either. An id that still meets a different
///   batch is caught by the writer (``BatchOutcome/idInUse``) and the batch is written again under
///   a fresh id.
///
/// - Important: Owned by the writer thread.
public struct BatchIDGenerator {
    /// Ids reserved per write of the file (~5 batches/s: one write every few hours).
    public static let blockSize: Int64 = 100_000
    private var nextID: Int64 = 1
    /// Ids below this are reserved on disk.
    private var reservedBelow: Int64 = 1
    private let path: String?
    private let logger: Logger?
    private var failureLogged = false

    /// Creates a generator with nothing persisted (ids from 1, raised by the ledger).
    public init() {
        self.path = nil
        self.logger = nil
    }

    /// Creates a generator persisted in `directory` (reads where the last run stopped).
    public init(directory: String, logger: Logger) {
        self.path = directory + "/batch-id.next"
        self.logger = logger
        if let text = try? String(contentsOfFile: directory + "/batch-id.next", encoding: .utf8),
            let stored = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)), stored > 0
        {
            self.nextID = stored
            self.reservedBelow = stored
        }
    }

    /// Takes the next id.
    public mutating func next() -> Int64 {
        if self.nextID >= self.reservedBelow { self.reserve(through: self.nextID) }
        defer { self.nextID += 1 }
        return self.nextID
    }

    /// Moves the counter above `floor` (the ledger's highest id for this instance).
    public mutating func raise(above floor: Int64) {
        guard floor >= self.nextID else { return }
        self.nextID = floor + 1
    }

    private mutating func reserve(through id: Int64) {
        let end = id + Self.blockSize
        self.reservedBelow = end
        guard let path = self.path else { return }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let handle = try Self.open(path)
            defer { try? handle.close() }
            // Fixed width, written in place: one 21-byte write within a sector, never a truncated file.
            let digits = String(end)
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: Array((String(repeating: "0", count: 20 - digits.count) + digits + "\n").utf8))
            try handle.synchronize()
            self.failureLogged = false
        } catch {
            // The ledger's floor and the writer's id check still keep ids unique; say so once.
            if !self.failureLogged {
                self.failureLogged = true
                self.logger?.error(
                    "Cannot persist the batch id counter; ids stay unique through the ledger check",
                    metadata: ["file": "\(path)", LogKey.errorMessage: "\(error.localizedDescription)"])
            }
        }
    }

    private static func open(_ path: String) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            SegmentFile.sync((path as NSString).deletingLastPathComponent)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SpoolError(.io, path: path, detail: "cannot open the batch id counter")
        }
        return handle
    }
}
