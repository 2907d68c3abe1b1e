/// The text of the datagrams rtlsd sends to systemd (see `sd_notify(3)`): newline-separated
/// `KEY=value` assignments.
///
/// Pure, so the protocol text is tested without a socket.
enum NotifyMessage {
    /// `READY=1`, with a `STATUS=` line when a status is given.
    static func ready(status: String?) -> String {
        ["READY=1", status.map(Self.status)].compactMap { $0 }.joined(separator: "\n")
    }

    /// `STATUS=…`; newlines in the text become spaces (a newline would start a new assignment).
    static func status(_ text: String) -> String {
        "STATUS=" + String(text.map { $0.isNewline ? " " : $0 })
    }

    /// `WATCHDOG=1`.
    static let watchdog = "WATCHDOG=1"

    /// `RELOADING=1` plus `MONOTONIC_USEC=` (CLOCK_MONOTONIC in µs), as `Type=notify-reload` requires
    /// from systemd 253 on; older systemd ignores the extra field.
    static func reloading(monotonicMicroseconds: UInt64) -> String {
        "RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)"
    }

    /// `STOPPING=1`.
    static let stopping = "STOPPING=1"

    /// The first line, for error messages.
    static func firstLine(_ message: String) -> String {
        String(message.prefix { $0 != "\n" })
    }
}
