import Glibc
import RTLSCore
public import Logging

/// A plain-text swift-log handler for stderr, used when rtlsd does not run under journald
/// (a terminal, a container, a test).
///
/// One line per entry, written with a single `write(2)` so lines from threads do not interleave:
///
/// `2026-11-23T12:00:00.123Z warning rtlsd.writer: PostgreSQL unreachable spool.bytes=4096 db.host=10.20.0.5`
///
/// Metadata is `key=value` sorted by key; values with spaces, quotes or `=` are quoted. Text from
/// the network can reach the message and the values, so both go through ``UntrustedText``: a line
/// break, ESC or bidi override in a gateway name is written as `\n`, `\u{1B}`, `\u{202E}`, and one
/// entry is always exactly one line.
public struct StandardErrorLogHandler: LogHandler {
    /// The logger's label, printed after the level.
    public let label: String
    /// Metadata added to every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Entries below this level are dropped by `Logger` before they reach the handler.
    public var logLevel: Logger.Level = .info
    /// Adds contextual metadata (task-locals) to every entry.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler; pass it to `LoggingSystem.bootstrap` as `{ StandardErrorLogHandler(label: $0) }`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    /// Gets or sets one metadata entry of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Writes one line to stderr.
    public func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error"] = .string(String(describing: error))
        }
        let line = Self.format(
            level: event.level, label: self.label, message: event.message.description, metadata: merged)
        Self.write(Self.timestamp(microseconds: Self.nowMicroseconds()) + " " + line)
    }

    /// `level label: message key=value …` (no timestamp, no newline): pure, for tests.
    public static func format(
        level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var line = "\(level) \(UntrustedText.escaped(label)): \(UntrustedText.escaped(message))"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(UntrustedText.escaped(key))=\(Self.quoted(JournalFields.text(value)))"
        }
        return line
    }

    /// The value as is, or in double quotes when it is empty or holds a space, quote or `=`;
    /// controls, bidi marks and backslashes are escaped by ``UntrustedText`` either way.
    static func quoted(_ value: String) -> String {
        let escaped = UntrustedText.escaped(value)
        let plain = !escaped.isEmpty && !escaped.utf8.contains { $0 == 0x20 || $0 == 0x22 || $0 == 0x3D }
        if plain { return escaped }
        var out = "\""
        for scalar in escaped.unicodeScalars {
            if scalar == "\"" { out += "\\\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    /// RFC 3339 UTC with milliseconds: `2026-11-23T12:00:00.123Z`.
    package static func timestamp(microseconds: Int64) -> String {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let milliseconds = (microseconds - seconds * 1_000_000) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(milliseconds, 3))Z"
    }

    /// CLOCK_REALTIME now, in microseconds since the epoch.
    static func nowMicroseconds() -> Int64 {
        var now = timespec()
        // SAFETY: clock_gettime writes one timespec through a pointer to a local.
        _ = unsafe clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }

    /// Writes `line` and a newline to file descriptor 2 in as few `write(2)` calls as the kernel allows.
    static func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            // SAFETY: write reads `bytes.count - written` bytes starting inside the array's storage.
            let result = unsafe bytes.withUnsafeBytes { raw in
                unsafe Glibc.write(2, raw.baseAddress.map { unsafe $0 + written }, raw.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return }
            written += result
        }
    }
}
