import Glibc

/// The CPU priority of the calling thread (its nice value).
///
/// On Linux the nice value belongs to each thread, not to the process (`setpriority(2)`, NOTES:
/// "under the current Linux/NPTL implementation of POSIX threads, the nice value is a per-thread
/// attribute"), and `PRIO_PROCESS` with `who = 0` names the calling thread. rtlsd raises its MQTT
/// threads (`[mqtt] intake_nice`: intake and rules, where alerts are raised, and the alert output)
/// and may lower its storage threads (`[writer] storage_nice`), so when the CPU is short intake runs
/// first and storage catches up from the write-ahead log after.
///
/// Lowering needs no privilege. Raising (a lower nice value) needs `RLIMIT_NICE` to allow it — the
/// ceiling is `20 − rlim_cur`, which systemd's `LimitNICE=-20` sets — or `CAP_SYS_NICE`
/// (`setpriority(2)`, `getrlimit(2)` RLIMIT_NICE).
public enum ThreadPriority {
    /// The calling thread's nice value (−20 … 19).
    public static var currentNice: Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    /// The lowest nice value this process may set without `CAP_SYS_NICE` (`20 − RLIMIT_NICE`; 20
    /// when the limit is 0, the kernel's default: only lowering is allowed).
    public static var unprivilegedFloor: Int32 {
        var limit = rlimit()
        // SAFETY: `limit` is a local the kernel fills; getrlimit keeps no pointer to it.
        guard unsafe getrlimit(__rlimit_resource_t(__RLIMIT_NICE.rawValue), &limit) == 0 else { return 20 }
        let current = min(40, limit.rlim_cur)  // RLIM_INFINITY (all ones) counts as 40: nice −20
        return 20 - Int32(current)
    }

    /// Makes the calling thread `increment` nice levels lower in priority than it is (capped at 19).
    /// - Returns: the thread's nice value afterwards.
    /// - Throws: ``ThreadPriorityError`` when the kernel refuses (a seccomp filter, say).
    @discardableResult
    public static func lowerCurrentThread(by increment: Int32) throws(ThreadPriorityError) -> Int32 {
        try Self.setCurrentThread(nice: min(19, Self.currentNice + max(0, increment)))
    }

    /// Sets the calling thread's nice value to `nice` (clamped to −20 … 19).
    /// - Returns: the thread's nice value afterwards.
    /// - Throws: ``ThreadPriorityError`` when the kernel refuses: raising without `RLIMIT_NICE` room
    ///   or `CAP_SYS_NICE` (`EACCES`/`EPERM`), or a seccomp filter that denies `setpriority`.
    @discardableResult
    public static func setCurrentThread(nice: Int32) throws(ThreadPriorityError) -> Int32 {
        let before = Self.currentNice
        let target = min(19, max(-20, nice))
        guard target != before else { return before }
        guard setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, target) == 0 else {
            throw ThreadPriorityError(from: before, to: target, errno: errno, floor: Self.unprivilegedFloor)
        }
        return Self.currentNice
    }
}

/// The kernel refused to change a thread's nice value.
public struct ThreadPriorityError: Error, CustomStringConvertible, Sendable {
    public let from: Int32
    public let to: Int32
    public let errno: Int32
    /// The lowest nice value RLIMIT_NICE allowed when it failed (``ThreadPriority/unprivilegedFloor``).
    public let floor: Int32

    public var description: String {
        var text =
            "could not change the thread's priority from nice \(self.from) to \(self.to): "
            + "setpriority failed (errno \(self.errno)); it keeps running at nice \(self.from)"
        if self.to < self.from {
            text +=
                ". Raising it needs RLIMIT_NICE down to \(self.to) (systemd: LimitNICE=\(self.to); "
                + (self.floor >= 19 ? "it allows no raising now" : "it allows nice \(self.floor) at best now")
                + ") or CAP_SYS_NICE, and a seccomp filter that allows setpriority"
        }
        return text
    }
}
