import Glibc

/// The CPU priority of the calling thread (its nice value).
///
/// On Linux the nice value belongs to each thread, not to the process (`setpriority(2)`, NOTES:
/// "under the current Linux/NPTL implementation of POSIX threads, the nice value is a per-thread
/// attribute"), and `PRIO_PROCESS` with `who = 0` names the calling thread. rtlsd lowers its
/// storage threads (writer, maintenance, checkpoint) this way, so when the CPU is short the MQTT
/// thread (intake and rules, where alerts are raised) runs first and storage catches up after.
/// Lowering needs no privilege; raising it back would need `CAP_SYS_NICE`, so rtlsd never does.
public enum ThreadPriority {
    /// The calling thread's nice value (−20 … 19).
    public static var currentNice: Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    /// Makes the calling thread `increment` nice levels lower in priority than it is (capped at 19).
    /// - Returns: the thread's nice value afterwards.
    /// - Throws: ``ThreadPriorityError`` when the kernel refuses (a seccomp filter, say).
    @discardableResult
    public static func lowerCurrentThread(by increment: Int32) throws(ThreadPriorityError) -> Int32 {
        let before = Self.currentNice
        let target = min(19, before + max(0, increment))
        guard target != before else { return before }
        guard setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, target) == 0 else {
            throw ThreadPriorityError(from: before, to: target, errno: errno)
        }
        return Self.currentNice
    }
}

/// The kernel refused to change a thread's nice value.
public struct ThreadPriorityError: Error, CustomStringConvertible, Sendable {
    public let from: Int32
    public let to: Int32
    public let errno: Int32

    public var description: String {
        "could not lower the thread's priority from nice \(self.from) to \(self.to): "
            + "setpriority failed (errno \(self.errno)); it keeps running at nice \(self.from)"
    }
}
