private import CSystemd
import Glibc

/// Tells systemd how rtlsd is doing over the notification socket (`sd_notify(3)`): readiness,
/// a status line, watchdog pings, reloads and shutdown.
///
/// Created from the environment (``init()``), it uses libsystemd's `sd_notify`, which reads
/// `NOTIFY_SOCKET`; when that is unset (not started by systemd, or `Type=simple`) every call is a
/// no-op. Created with an explicit socket path (``init(socketPath:watchdogInterval:)``), it sends
/// the same datagrams itself, so tests need not touch the process environment.
///
/// The unit uses `Type=notify` with `ExecReload=/bin/kill -HUP $MAINPID`, because systemd 252 does
/// not know `Type=notify-reload` (253+); rtlsd still announces reloads with ``reloading()`` and
/// ``ready(status:)`` so the unit can move to `notify-reload` without code changes.
public struct SystemdNotifier: Sendable {
    private enum Transport: Sendable, Hashable {
        /// `NOTIFY_SOCKET` unset: not supervised by systemd.
        case disabled
        /// `sd_notify`, which finds the socket in `NOTIFY_SOCKET` itself.
        case libsystemd(socketPath: String)
        /// Our own datagram to an explicit socket.
        case explicit(socketPath: String)
    }

    private let transport: Transport

    /// How often systemd expects `WATCHDOG=1` (`WatchdogSec`), or `nil` when the watchdog is off or
    /// meant for another process. Ping at half this interval or more often.
    public let watchdogInterval: Duration?

    /// A notifier for the socket systemd passed in `NOTIFY_SOCKET` and the watchdog in
    /// `WATCHDOG_USEC`/`WATCHDOG_PID`; a no-op when not run by systemd.
    public init() {
        // SAFETY: getenv returns a pointer into the environment block or NULL; we copy the string at
        // once, and nothing in rtlsd modifies the environment while the daemon starts.
        let path = unsafe getenv("NOTIFY_SOCKET").map { unsafe String(cString: $0) } ?? ""
        self.transport = path.isEmpty ? .disabled : .libsystemd(socketPath: path)
        var microseconds: UInt64 = 0
        // SAFETY: sd_watchdog_enabled writes one uint64_t through the pointer, which points at a local.
        let enabled = unsafe sd_watchdog_enabled(0, &microseconds)
        self.watchdogInterval = enabled > 0 && microseconds > 0 ? .microseconds(microseconds) : nil
    }

    /// A notifier that sends to `socketPath` (absolute path or `@abstract` name) without consulting
    /// the environment.
    ///
    /// - Parameters:
    ///   - socketPath: the notification socket.
    ///   - watchdogInterval: the interval to report as ``watchdogInterval``.
    public init(socketPath: String, watchdogInterval: Duration? = nil) {
        self.transport = .explicit(socketPath: socketPath)
        self.watchdogInterval = watchdogInterval
    }

    /// How often to sample the pipeline and maybe ping: half of ``watchdogInterval``, as
    /// `sd_watchdog_enabled(3)` recommends; `nil` when the watchdog is off.
    public var watchdogTick: Duration? {
        self.watchdogInterval.map { $0 / 2 }
    }

    /// Whether a notification socket is known; when `false` every call does nothing.
    public var isEnabled: Bool { self.socketPath != nil }

    /// The notification socket, or `nil` when not supervised by systemd.
    public var socketPath: String? {
        switch self.transport {
        case .disabled: nil
        case .libsystemd(let path), .explicit(let path): path
        }
    }

    /// Sends `READY=1` (plus `STATUS=` when given): startup or a reload has finished.
    ///
    /// - Parameter status: the status line to show in `systemctl status`.
    /// - Throws: ``NotifyError`` when the datagram could not be sent.
    public func ready(status: String? = nil) throws(NotifyError) {
        try self.send(NotifyMessage.ready(status: status))
    }

    /// Sends `STATUS=…`, shown by `systemctl status rtlsd`.
    ///
    /// - Throws: ``NotifyError`` when the datagram could not be sent.
    public func status(_ text: String) throws(NotifyError) {
        try self.send(NotifyMessage.status(text))
    }

    /// Sends `WATCHDOG=1`. Call only when ``WatchdogPolicy`` says the pipeline earned it.
    ///
    /// - Throws: ``NotifyError`` when the datagram could not be sent.
    public func watchdog() throws(NotifyError) {
        try self.send(NotifyMessage.watchdog)
    }

    /// Sends `RELOADING=1` with `MONOTONIC_USEC=` (now, on CLOCK_MONOTONIC); follow with
    /// ``ready(status:)`` once the new configuration is in effect.
    ///
    /// - Throws: ``NotifyError`` when the datagram could not be sent.
    public func reloading() throws(NotifyError) {
        try self.send(NotifyMessage.reloading(monotonicMicroseconds: Self.monotonicMicroseconds()))
    }

    /// Sends `STOPPING=1`: graceful shutdown has begun.
    ///
    /// - Throws: ``NotifyError`` when the datagram could not be sent.
    public func stopping() throws(NotifyError) {
        try self.send(NotifyMessage.stopping)
    }

    /// CLOCK_MONOTONIC now, in microseconds (the clock systemd compares `MONOTONIC_USEC` with).
    package static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        // SAFETY: clock_gettime writes one timespec through the pointer, which points at a local;
        // CLOCK_MONOTONIC always exists on Linux, so it cannot fail with a valid pointer.
        _ = unsafe clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    private func send(_ message: String) throws(NotifyError) {
        switch self.transport {
        case .disabled:
            return
        case .libsystemd(let path):
            // SAFETY: sd_notify reads the NUL-terminated copy of `message` Swift passes for the call.
            let result = unsafe sd_notify(0, message)
            if result < 0 {
                throw NotifyError(
                    .sendFailed, socketPath: path, message: NotifyMessage.firstLine(message),
                    reason: UnixDatagram.text(errno: -result))
            }
        case .explicit(let path):
            do {
                try UnixDatagram.send(message, to: path)
            } catch {
                throw NotifyError(
                    error.invalidPath ? .invalidSocketPath : .sendFailed, socketPath: path,
                    message: NotifyMessage.firstLine(message), reason: error.reason)
            }
        }
    }
}
