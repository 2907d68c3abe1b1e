/// Why the metrics endpoint could not be opened.
///
/// rtlsd does not start when its configured `[metrics] listen` address cannot be bound: a daemon
/// that silently has no metrics is worse than one that says so at start.
public struct MetricsServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidAddress = "invalid_address"
            case socketFailed = "socket_failed"
            case bindFailed = "bind_failed"
            case listenFailed = "listen_failed"
        }
        private let base: Base

        /// The listen address is not `IPv4:port` (e.g. `127.0.0.1:9464`).
        public static let invalidAddress = Code(base: .invalidAddress)
        /// No TCP socket could be created.
        public static let socketFailed = Code(base: .socketFailed)
        /// The address is in use or not on this machine.
        public static let bindFailed = Code(base: .bindFailed)
        /// The socket could not be put in listening mode.
        public static let listenFailed = Code(base: .listenFailed)

        /// Stable snake_case name.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// The address as configured.
    public var address: String
    /// The operating system's explanation (`strerror`), empty when none.
    public var reason: String

    /// Creates a metrics server error.
    public init(_ code: Code, address: String, reason: String = "") {
        self.code = code
        self.address = address
        self.reason = reason
    }

    public var description: String {
        let because = self.reason.isEmpty ? "" : " (\(self.reason))"
        return "metrics endpoint \(self.address): \(self.code)\(because); "
            + "fix [metrics] listen (an IPv4 address and a free port, e.g. 127.0.0.1:9464) or leave it empty"
    }
}
