import Foundation

/// CPU seconds of the other processes on the machine that take part in a phase: the PostgreSQL
/// cluster (postmaster and all its children: the COPY backend, WAL writer, checkpointer …), mosquitto
/// and the publishers, so the report can say where the two cores went.
struct CPUAccount {
    /// `postmaster.pid` of the benchmark cluster.
    var postgresPIDFile: String
    /// The pid file `scripts/lib/services.sh` writes for mosquitto.
    var mosquittoPIDFile: String

    /// CPU seconds so far per group (`postgres`, `mosquitto`, `publishers`).
    ///
    /// PostgreSQL: the postmaster's own time, plus its live children's, plus the children it has
    /// already reaped (`cutime`/`cstime`: backends and autovacuum workers come and go), so the total
    /// only grows. Publishers: the most seen per pid, since an exited publisher has no `/proc` entry.
    func sample(publishers: [Int32], seen: inout [Int32: Double]) -> [String: Double] {
        var out: [String: Double] = [:]
        if let master = Self.firstPID(self.postgresPIDFile), let m = ProcessSample.read(pid: master) {
            out["postgres"] = Self.children(of: master).reduce(m.cpuSeconds + m.reapedChildrenCPUSeconds) {
                $0 + (ProcessSample.read(pid: $1)?.cpuSeconds ?? 0)
            }
        }
        if let pid = Self.firstPID(self.mosquittoPIDFile) {
            out["mosquitto"] = ProcessSample.read(pid: pid)?.cpuSeconds
        }
        for pid in publishers {
            if let cpu = ProcessSample.read(pid: pid)?.cpuSeconds { seen[pid] = max(seen[pid] ?? 0, cpu) }
        }
        out["publishers"] = publishers.reduce(0) { $0 + (seen[$1] ?? 0) }
        if let stall = Self.cpuPressureSeconds() { out["cpu stall"] = stall }
        return out
    }

    /// Seconds during which at least one runnable task waited for a CPU (`/proc/pressure/cpu`,
    /// `some total=` in µs): how contended the shared machine was, whoever caused it.
    private static func cpuPressureSeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/pressure/cpu", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("some") }),
            let total = line.split(separator: " ").first(where: { $0.hasPrefix("total=") }),
            let micros = Double(total.dropFirst(6))
        else { return nil }
        return micros / 1e6
    }

    private static func firstPID(_ file: String) -> Int32? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    private static func children(of pid: Int32) -> [Int32] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8) else {
            return []
        }
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
