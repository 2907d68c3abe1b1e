import Foundation
public import RTLSCore

/// The rules engine's state left by a clean stop for the next start: `engine-state` in
/// `[spool] dir`. Written at the end of a clean stop (after intake stopped), read and removed at
/// start, so a run that crashes later leaves none and its successor starts afresh, as it always did.
public struct EngineStateFile: Sendable {
    /// The file's path.
    public let path: String

    static let fileName = "engine-state"

    /// The state file in `directory`.
    public init(directory: String) {
        self.path = directory + "/" + Self.fileName
    }

    /// Writes `snapshot` (a temporary file renamed over the old one).
    /// - Throws: ``EngineStateError`` naming the path and what failed.
    public func save(_ snapshot: EngineSnapshot) throws(EngineStateError) {
        let data = Data(snapshot.stateFileBytes())
        do {
            // Written to a temporary file and renamed over the old one: never half a file.
            try data.write(to: URL(fileURLWithPath: self.path), options: .atomic)
        } catch {
            throw EngineStateError(path: self.path, action: "write", detail: "\(error)")
        }
    }

    /// Reads and removes the file: `nil` when there is none.
    /// - Throws: ``EngineStateError`` when it exists but cannot be read or decoded (it is removed
    ///   anyway, so one bad file does not stop every later start).
    public func take() throws(EngineStateError) -> EngineSnapshot? {
        guard FileManager.default.fileExists(atPath: self.path) else { return nil }
        defer { try? FileManager.default.removeItem(atPath: self.path) }
        guard let data = FileManager.default.contents(atPath: self.path) else {
            throw EngineStateError(path: self.path, action: "read", detail: "could not read the file")
        }
        do {
            return try EngineSnapshot(stateFileBytes: [UInt8](data))
        } catch {
            throw EngineStateError(path: self.path, action: "decode", detail: "\(error)")
        }
    }
}

/// The engine state file could not be written or read.
public struct EngineStateError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What failed: write, read, decode.
    public let action: String
    /// The system's or decoder's words.
    public let detail: String

    public var description: String { "engine state \(self.path): \(self.action) failed: \(self.detail)" }
}
