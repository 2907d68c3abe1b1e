import Foundation

/// CPU time and memory of a process, from `/proc/<pid>/stat` and `/proc/<pid>/status` (Linux).
struct ProcessSample {
    /// User + system CPU seconds so far (clock ticks at the usual 100 Hz `USER_HZ`).
    var cpuSeconds: Double
    /// CPU seconds of its children that have exited and been waited for (`cutime + cstime`).
    var reapedChildrenCPUSeconds: Double
    /// Resident set size now, in MiB.
    var rssMiB: Double
    /// Peak resident set size, in MiB.
    var peakRSSMiB: Double

    /// Reads the sample, or `nil` when the process is gone.
    static func read(pid: Int32) -> ProcessSample? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"),
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { return nil }
        // Fields after "(comm)": state is field 3, so utime, stime, cutime, cstime (14–17) are at 11–14.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let utime = Double(fields[11]), let stime = Double(fields[12]),
            let cutime = Double(fields[13]), let cstime = Double(fields[14])
        else { return nil }
        return ProcessSample(
            cpuSeconds: (utime + stime) / 100, reapedChildrenCPUSeconds: (cutime + cstime) / 100,
            rssMiB: Self.kib(status, "VmRSS:") / 1024,
            peakRSSMiB: Self.kib(status, "VmHWM:") / 1024)
    }

    private static func kib(_ status: String, _ key: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let v = Double(parts[1]) { return v }
        }
        return 0
    }
}
