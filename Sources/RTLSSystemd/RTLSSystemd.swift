// RTLSSystemd owns the systemd side of rtlsd:
// - Notify/: `SystemdNotifier` (READY, STATUS, WATCHDOG, RELOADING + MONOTONIC_USEC, STOPPING over
//   the notification socket), the pure `WatchdogPolicy` that decides when a WATCHDOG=1 is earned, and
//   the `StatusLine` formatter.
// - Journal/: `JournalLogHandler` (structured entries via sd_journal_sendv), the pure `JournalFields`
//   builder, `AlertMessageID`, `StandardErrorLogHandler` and `LoggingTarget` (which of the two).
// - Credentials/: `SystemdCredentials`, secrets from $CREDENTIALS_DIRECTORY (LoadCredential=).
// - Metrics/: `MetricsHTTPServer`, the minimal HTTP/1.1 listener behind `GET /metrics` (TCP over
//   Glibc sockets, one connection at a time), and the pure `MetricsHTTPResponder` it answers with.
// The tests' helpers (a datagram receiver, a one-shot HTTP client) live in RTLSTestSupport, which no
// product depends on; `UnixDatagram` and the metrics server's address helpers are `package` for them.
// Only Notify/Notify.swift and Journal/Journal.swift import CSystemd; unsafe code is limited to those
// and the Glibc socket/stat/clock/file calls beside them (and in Metrics/), each with a SAFETY comment.
