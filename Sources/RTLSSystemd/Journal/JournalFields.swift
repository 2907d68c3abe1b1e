import RTLSCore
public import Logging

/// Builds the `FIELD=value` strings of one journal entry: the pure half of ``JournalLogHandler``.
///
/// Fields, in order: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`,
/// `CODE_FUNC`, `LOGGER`, then `MESSAGE_ID` when the metadata carries a known `alert.kind`,
/// `ERROR` when the event carries an error, then each metadata entry sorted by key.
public enum JournalFields {
    /// Field names rtlsd sets itself or that journald tools give a meaning to; a metadata key that
    /// sanitises to one of these is prefixed with `META_` so it cannot override or fake them.
    static let reserved: Set<String> = [
        "MESSAGE", "MESSAGE_ID", "PRIORITY", "SYSLOG_IDENTIFIER", "SYSLOG_FACILITY", "SYSLOG_PID",
        "SYSLOG_TIMESTAMP", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "LOGGER", "ERROR", "ERRNO", "TID",
        "UNIT", "USER_UNIT", "INVOCATION_ID", "USER_INVOCATION_ID", "DOCUMENTATION",
    ]

    /// journald's longest field name.
    static let maximumNameLength = 64

    /// The fields of one entry.
    ///
    /// - Parameters:
    ///   - message: the log message (`MESSAGE`).
    ///   - level: mapped to the syslog `PRIORITY` by ``priority(_:)``.
    ///   - metadata: merged handler, provider and call metadata; keys become field names via ``fieldName(_:)``.
    ///   - label: the logger's label (`LOGGER`).
    ///   - identifier: `SYSLOG_IDENTIFIER`, `rtlsd` in the daemon.
    ///   - error: the error attached to the event, if any (`ERROR`).
    ///   - file: `CODE_FILE`.
    ///   - function: `CODE_FUNC`.
    ///   - line: `CODE_LINE`.
    /// - Returns: `FIELD=value` strings, ready for `sd_journal_sendv`.
    public static func make(
        message: String, level: Logger.Level, metadata: Logger.Metadata, label: String,
        identifier: String = "rtlsd", error: (any Error)? = nil, file: String, function: String, line: UInt
    ) -> [String] {
        var fields = [
            // MESSAGE is what `journalctl` prints: names from the network are escaped visibly in it
            // (UntrustedText); the other fields keep the exact bytes (journald stores them binary-safe).
            "MESSAGE=\(UntrustedText.escaped(message))",
            "PRIORITY=\(Self.priority(level, override: metadata[Self.priorityKey]))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(file)",
            "CODE_LINE=\(line)",
            "CODE_FUNC=\(function)",
            "LOGGER=\(label)",
        ]
        if let kind = metadata["alert.kind"].map(Self.text), let id = AlertMessageID.forKind(kind) {
            fields.append("MESSAGE_ID=\(id)")
        }
        if let error {
            fields.append("ERROR=\(String(describing: error))")
        }
        for key in metadata.keys.sorted() where key != Self.priorityKey {
            guard let value = metadata[key] else { continue }
            fields.append("\(Self.fieldName(key))=\(Self.text(value))")
        }
        return fields
    }

    /// Metadata key that raises an entry above its level's priority (`"1"`: alert, for escalations);
    /// only 0–7 and only a higher priority (lower number) than the level's are taken.
    public static let priorityKey = "journal.priority"

    static func priority(_ level: Logger.Level, override: Logger.MetadataValue?) -> Int {
        let base = Self.priority(level)
        guard let override, let p = Int(Self.text(override)), (0...7).contains(p), p < base else { return base }
        return p
    }

    /// The syslog priority journald stores for a level: trace and debug 7, info 6, notice 5,
    /// warning 4, error 3, critical 2 (`journalctl -p warning` shows 0–4).
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// A metadata key as a journal field name: uppercased, `.`, `-` and every other character
    /// outside `A–Z 0–9 _` turned into `_`, leading underscores dropped (journald reserves them for
    /// trusted fields), `META_` prefixed when it would start with a digit, be empty or clash with a
    /// ``reserved`` field, and cut to 64 characters.
    ///
    /// `mqtt.topic` → `MQTT_TOPIC`, `_pid` → `PID`, `2fa` → `META_2FA`, `message` → `META_MESSAGE`.
    public static func fieldName(_ key: String) -> String {
        var name = ""
        name.reserveCapacity(key.utf8.count)
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                name.unicodeScalars.append(Unicode.Scalar(byte - 32))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            case 0x80...0xBF:
                // UTF-8 continuation byte: the scalar's lead byte already produced one `_`.
                continue
            default:
                name.append("_")
            }
        }
        name = String(name.drop { $0 == "_" })
        if name.isEmpty || name.first?.isNumber == true || Self.reserved.contains(name) {
            name = "META_" + name
        }
        return String(name.prefix(Self.maximumNameLength))
    }

    /// A metadata value as field text: strings as they are, others by their description.
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }
}
