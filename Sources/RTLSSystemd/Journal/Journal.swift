private import CSystemd
public import Logging

/// A swift-log handler that writes structured entries to journald with `sd_journal_sendv`.
///
/// Each entry carries `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER=rtlsd`, `CODE_FILE`/`CODE_LINE`/
/// `CODE_FUNC`, a fixed `MESSAGE_ID` per alert kind and every metadata key as its own field
/// (`mqtt.topic` → `MQTT_TOPIC`); see ``JournalFields``. `sd_journal_send` is variadic and cannot be
/// called from Swift, so the fields go over as an iovec array.
///
/// Level and metadata belong to each copy; the journal socket is libsystemd's and is shared and
/// thread-safe. If journald refuses an entry, the line goes to stderr instead, so it is not lost.
public struct JournalLogHandler: LogHandler {
    /// The logger's label, sent as `LOGGER`.
    public let label: String
    /// The `SYSLOG_IDENTIFIER` (`journalctl -t rtlsd`).
    public let identifier: String
    /// Metadata added to every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Entries below this level are dropped by `Logger` before they reach the handler.
    public var logLevel: Logger.Level = .info
    /// Adds contextual metadata (task-locals) to every entry.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler; pass it to `LoggingSystem.bootstrap` as `{ JournalLogHandler(label: $0) }`.
    ///
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - identifier: the `SYSLOG_IDENTIFIER`.
    ///   - metadataProvider: contextual metadata for every entry.
    public init(label: String, identifier: String = "rtlsd", metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.identifier = identifier
        self.metadataProvider = metadataProvider
    }

    /// Gets or sets one metadata entry of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Sends one entry to journald.
    public func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, new in new }
        }
        let fields = JournalFields.make(
            message: event.message.description, level: event.level, metadata: merged, label: self.label,
            identifier: self.identifier, error: event.error, file: event.file, function: event.function,
            line: event.line)
        if Self.send(fields) < 0 {
            StandardErrorLogHandler.write(
                StandardErrorLogHandler.format(
                    level: event.level, label: self.label, message: event.message.description, metadata: merged))
        }
    }

    /// Sends the fields as one entry.
    ///
    /// - Returns: `sd_journal_sendv`'s result: 0 on success, a negative errno on failure.
    static func send(_ fields: [String]) -> Int32 {
        // All fields in one buffer, so a single closure holds one pointer that stays valid for the call.
        var buffer: [UInt8] = []
        var spans: [(offset: Int, count: Int)] = []
        spans.reserveCapacity(fields.count)
        for field in fields {
            spans.append((buffer.count, field.utf8.count))
            buffer.append(contentsOf: field.utf8)
        }
        // SAFETY: every iovec points into `buffer` at an offset and length recorded while filling it,
        // so all lie within its storage, which is pinned for the closure; sd_journal_sendv only reads
        // them and copies before it returns. An empty buffer has no base address and sends nothing.
        return unsafe buffer.withUnsafeMutableBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return 0 }
            let vectors = unsafe spans.map { span in
                unsafe iovec(iov_base: base + span.offset, iov_len: span.count)
            }
            return unsafe vectors.withUnsafeBufferPointer { pointer in
                unsafe sd_journal_sendv(pointer.baseAddress, Int32(pointer.count))
            }
        }
    }
}
