import Foundation

/// An append-only JSON-lines file for `--truth`.
final class TruthFile {
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw TruthFileError(path: path)
        }
        self.handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    deinit { try? self.handle.close() }

    /// Appends the lines, each followed by a newline.
    func write(_ lines: [String]) throws {
        var text = lines.joined(separator: "\n")
        text += "\n"
        try self.handle.write(contentsOf: Data(text.utf8))
    }
}

/// The `--truth` file could not be created.
struct TruthFileError: Error, CustomStringConvertible {
    var path: String
    var description: String {
        "cannot create the ground-truth file \(self.path); check the folder exists and is writable"
    }
}
