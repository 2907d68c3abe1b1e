import Foundation
import Synchronization

/// The write-ahead log's interval `fsync` (`[spool] fsync = "200ms"`), on a thread of its own.
///
/// Neither the MQTT thread (it would stall intake for the length of the disk write) nor the writer
/// thread (it would delay commits) should wait for `fsync`. Every interval this thread syncs the
/// newest segment, plus segments closed since the last pass and the directory after a new file.
/// Appends go on meanwhile: they land in the page cache and are synced on the next pass.
final class WriteAheadSyncer: Sendable {
    private struct Work {
        var newest: String?
        var closed: [String] = []
        var directory = false
        var stopped = false
    }

    private let directory: String
    private let interval: Duration
    private let work = Mutex(Work())
    /// Passes completed (for tests and the shutdown sync).
    let passes = Atomic<UInt64>(0)

    /// Starts the thread.
    init(directory: String, interval: Duration) {
        self.directory = directory
        self.interval = interval
        let thread = Thread { [self] in self.loop() }
        thread.name = "rtlsd-wal-sync"
        thread.start()
    }

    /// A new segment became the newest; `closed` (the previous one) still needs its final sync.
    func rolled(to newest: String, closed: String?) {
        self.work.withLock { work in
            if let closed { work.closed.append(closed) }
            work.newest = newest
            work.directory = true
        }
    }

    /// Syncs everything now, on the calling thread (shutdown).
    func syncNow() {
        self.pass()
    }

    /// Ends the thread after its current pass.
    func stop() {
        self.work.withLock { $0.stopped = true }
    }

    private func loop() {
        let seconds = Double(self.interval.components.seconds) + Double(self.interval.components.attoseconds) / 1e18
        while !self.work.withLock({ $0.stopped }) {
            Thread.sleep(forTimeInterval: seconds)
            self.pass()
        }
    }

    private func pass() {
        let (paths, syncDirectory) = self.work.withLock { work -> ([String], Bool) in
            defer {
                work.closed.removeAll()
                work.directory = false
            }
            return (work.closed + (work.newest.map { [$0] } ?? []), work.directory)
        }
        // A path may have been released (deleted) since: nothing left to sync then.
        for path in paths { SegmentFile.sync(path) }
        if syncDirectory { SegmentFile.sync(self.directory) }
        self.passes.add(1, ordering: .relaxed)
    }
}
