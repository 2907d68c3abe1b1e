import Foundation
public import RTLSCore
import Synchronization

/// The daemon's one wall clock: receive times, rule time, commit lag and partition upkeep all read
/// it. It is the system's real-time clock, shifted by an offset that only tests set
/// (`rtlsd run --clock-offset-seconds`), so a scenario can run rtlsd with its clock set back
/// without faking the whole process (libfaketime also shifts the timers Swift's `Task.sleep`
/// waits on, and the daemon's services stop ticking).
public enum DaemonClock {
    private static let offsetMicroseconds = Atomic<Int64>(0)

    /// Now, as rtlsd sees it.
    public static func now() -> Timestamp {
        Timestamp(
            microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
                &+ Self.offsetMicroseconds.load(ordering: .relaxed))
    }

    /// Shifts the clock (tests only; call before the daemon starts).
    public static func setOffset(seconds: Int64) {
        Self.offsetMicroseconds.store(seconds * 1_000_000, ordering: .relaxed)
    }
}
