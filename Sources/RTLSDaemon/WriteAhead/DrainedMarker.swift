import Foundation

/// `<dir>/drained`: the write-ahead log's state when a run stopped with everything it logged
/// committed (``WriteAheadLog/markDrained()``). One line `next <sequence>`, then one line
/// `<segment file> <bytes>` per segment, oldest first.
struct DrainedMarker: Equatable {
    static let fileName = "drained"

    /// The number the next reading gets.
    var nextSequence: UInt64
    /// Segment file names and their sizes when the marker was written.
    var files: [(name: String, bytes: Int64)]

    static func == (a: DrainedMarker, b: DrainedMarker) -> Bool {
        a.nextSequence == b.nextSequence && a.files.elementsEqual(b.files) { $0.name == $1.name && $0.bytes == $1.bytes }
    }

    /// Writes the marker for `segments` (names in `directory`) as they are on disk now, synced.
    static func write(nextSequence: UInt64, segments: [String], in directory: String) {
        var text = "next \(nextSequence)\n"
        for name in segments {
            guard let bytes = Self.size(of: directory + "/" + name) else { return }
            text += "\(name) \(bytes)\n"
        }
        let path = directory + "/" + Self.fileName
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { return }
        SegmentFile.sync(path)
        SegmentFile.sync(directory)
    }

    /// Reads and removes the marker; `nil` when there is none or it does not parse.
    static func take(in directory: String) -> DrainedMarker? {
        let path = directory + "/" + Self.fileName
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        try? FileManager.default.removeItem(atPath: path)
        SegmentFile.sync(directory)
        return Self.parse(text)
    }

    static func parse(_ text: String) -> DrainedMarker? {
        var lines = text.split(separator: "\n").makeIterator()
        guard let first = lines.next(), first.hasPrefix("next "), let next = UInt64(first.dropFirst(5)) else { return nil }
        var files: [(name: String, bytes: Int64)] = []
        while let line = lines.next() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let bytes = Int64(parts[1]) else { return nil }
            files.append((String(parts[0]), bytes))
        }
        return DrainedMarker(nextSequence: next, files: files)
    }

    /// The log's segments when the directory holds exactly the files the marker names, at their
    /// sizes; else `nil` (scan them).
    /// - Parameter listing: the segment files found (first sequence, name), oldest first.
    func segments(matching listing: [(UInt64, String)], in directory: String) -> [WriteAheadLog.Segment]? {
        guard listing.count == self.files.count else { return nil }
        var segments: [WriteAheadLog.Segment] = []
        for ((first, name), expected) in zip(listing, self.files) {
            let path = directory + "/" + name
            guard name == expected.name, Self.size(of: path) == expected.bytes else { return nil }
            segments.append(WriteAheadLog.Segment(firstSequence: first, path: path, bytes: expected.bytes))
        }
        return segments
    }

    private static func size(of path: String) -> Int64? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value
    }
}
