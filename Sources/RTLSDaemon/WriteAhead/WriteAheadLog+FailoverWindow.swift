import Foundation
import Synchronization

/// The failover window: segments whose readings are all committed stay a while, so that readings
/// the database lost after committing them (a promoted standby that had not received the old
/// primary's last commits) can be replayed from the log (``WriteAheadBacklog/connectionRenewed()``).
///
/// A segment is kept `[spool] failover_window_s` after the writer found every reading in it
/// committed, with at most `failover_window_bytes` of such segments (the oldest go first), and such
/// segments give way at once when an append would pass `max_bytes`. Deletion happens when the writer
/// commits (a quiet site keeps them longer); with both settings 0 a segment goes as soon as it is
/// committed.
extension WriteAheadLog {
    /// Notes every segment whose readings are all numbered below `watermark` as committed (never
    /// the newest), and deletes those committed longer than the failover window ago, oldest first,
    /// and as many more as keep the committed ones within `failover_window_bytes`.
    /// - Returns: segments deleted.
    @discardableResult
    public func release(below watermark: UInt64, now: ContinuousClock.Instant = .now) -> Int {
        let window = self.configuration.failoverWindow
        let windowBytes = self.configuration.failoverWindowBytes
        let released = self.segments.withLock { segments -> [Segment] in
            var committed = 0
            var committedBytes: Int64 = 0
            while committed + 1 < segments.count, segments[committed + 1].firstSequence <= watermark {
                if segments[committed].committedAt == nil { segments[committed].committedAt = now }
                committedBytes += segments[committed].bytes
                committed += 1
            }
            var out: [Segment] = []
            while committed > 0, let at = segments[0].committedAt, now - at >= window || committedBytes > windowBytes {
                committedBytes -= segments[0].bytes
                committed -= 1
                out.append(segments.removeFirst())
            }
            return out
        }
        self.delete(released)
        return released.count
    }

    /// Whether `size` more bytes fit within `max_bytes`, after deleting the segments kept only for
    /// the failover window if need be (new records come first).
    /// - Important: Call under `appendLock`.
    func hasRoom(for size: Int64) -> Bool {
        if self.bytes + size <= self.configuration.maxBytes { return true }
        let retained = self.segments.withLock { segments -> [Segment] in
            var out: [Segment] = []
            while segments.count >= 2, segments[0].committedAt != nil { out.append(segments.removeFirst()) }
            return out
        }
        self.delete(retained)
        return self.bytes + size <= self.configuration.maxBytes
    }

    private func delete(_ segments: [Segment]) {
        for segment in segments {
            try? FileManager.default.removeItem(atPath: segment.path)
            self.totalBytes.subtract(segment.bytes, ordering: .relaxed)
        }
    }

}
