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
    func sample(publishers: [Int32]) -> [String: Double] {
        var out: [String: Double] = [:]
        if let master = Self.firstPID(self.postgresPIDFile) {
            out["postgres"] = ([master] + Self.children(of: master)).reduce(0) {
                $0 + (ProcessSample.read(pid: $1)?.cpuSeconds ?? 0)
            }
        }
        if let pid = Self.firstPID(self.mosquittoPIDFile) { out["mosquitto"] = ProcessSample.read(pid: pid)?.cpuSeconds }
        out["publishers"] = publishers.reduce(0) { $0 + (ProcessSample.read(pid: $1)?.cpuSeconds ?? 0) }
        return out
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
