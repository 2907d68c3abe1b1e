import Foundation

/// A child process (rtlsd, rtls-sim) with its output in a log file.
final class ChildProcess {
    let name: String
    let logPath: String
    private let process = Process()

    /// Starts `executable` with `arguments`, stdout and stderr appended to `logPath`.
    init(name: String, executable: String, arguments: [String], logPath: String) throws {
        self.name = name
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw BenchError("cannot open \(logPath) for writing")
        }
        self.process.executableURL = URL(fileURLWithPath: executable)
        self.process.arguments = arguments
        self.process.standardOutput = log
        self.process.standardError = log
        try self.process.run()
    }

    var pid: Int32 { self.process.processIdentifier }
    var isRunning: Bool { self.process.isRunning }
    var exitStatus: Int32 { self.process.terminationStatus }

    /// SIGINT.
    func interrupt() { if self.process.isRunning { self.process.interrupt() } }
    /// SIGTERM.
    func terminate() { if self.process.isRunning { self.process.terminate() } }

    /// Waits up to `timeout` for the process to exit.
    /// - Returns: `true` if it exited.
    @discardableResult
    func wait(timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while self.process.isRunning && clock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !self.process.isRunning
    }

    /// The last `lines` lines of the log.
    func tail(_ lines: Int) -> String {
        guard let text = try? String(contentsOfFile: self.logPath, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
