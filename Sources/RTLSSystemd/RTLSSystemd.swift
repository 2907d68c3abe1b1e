// RTLSSystemd owns the systemd side of rtlsd:
// - Notify/: `SystemdNotifier` (READY, STATUS, WATCHDOG, RELOADING + MONOTONIC_USEC, STOPPING over
//   the notification socket), the pure `WatchdogPolicy` that decides when a WATCHDOG=1 is earned, and
//   the `StatusLine` formatter.
// - Journal/: `JournalLogHandler` (structured entries via sd_journal_sendv), the pure `JournalFields`
//   builder, `AlertMessageID`, `StandardErrorLogHandler` and `LoggingTarget` (which of the two).
// - Credentials/: `SystemdCredentials`, secrets from $CREDENTIALS_DIRECTORY (LoadCredential=).
// The tests' helpers (a datagram receiver, a one-shot HTTP client) live in RTLSTestSupport, which no
// product depends on; `UnixDatagram` is `package` for them. The metrics/health HTTP listener is in
// RTLSHTTP.
// Only Notify/Notify.swift and Journal/Journal.swift import CSystemd; unsafe code is limited to those
// and the Glibc socket/stat/clock/file calls beside them, each with a SAFETY comment.
