/// Why a message to systemd's notification socket was not delivered.
///
/// Not delivering `READY=1` means systemd times the start out after `TimeoutStartSec`; a lost
/// `WATCHDOG=1` means a restart after `WatchdogSec`. Callers log this and carry on.
public struct NotifyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidSocketPath = "invalid_socket_path"
            case socketFailed = "socket_failed"
            case sendFailed = "send_failed"
        }
        private let base: Base

        /// `NOTIFY_SOCKET` is neither an absolute path nor an abstract `@name`, or is too long.
        public static let invalidSocketPath = Code(base: .invalidSocketPath)
        /// No datagram socket could be created.
        public static let socketFailed = Code(base: .socketFailed)
        /// The datagram was not accepted (socket gone, permission denied, buffer full).
        public static let sendFailed = Code(base: .sendFailed)

        /// Stable snake_case name.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// The notification socket (`NOTIFY_SOCKET`).
    public var socketPath: String
    /// The first line of the message that was not delivered (`READY=1`, `WATCHDOG=1` …).
    public var message: String
    /// The operating system's explanation (`strerror`), empty when none.
    public var reason: String

    /// Creates a notify error.
    public init(_ code: Code, socketPath: String, message: String, reason: String = "") {
        self.code = code
        self.socketPath = socketPath
        self.message = message
        self.reason = reason
    }

    public var description: String {
        let because = self.reason.isEmpty ? "" : " (\(self.reason))"
        return "could not send \(self.message) to systemd at \(self.socketPath): \(self.code)\(because); "
            + "systemd may time out the start or restart rtlsd on its watchdog"
    }
}
