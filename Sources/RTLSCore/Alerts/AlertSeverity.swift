/// How urgent an alert is; maps to a log level (info, warning, critical → error).
public enum AlertSeverity: UInt8, Sendable, BitwiseCopyable, CaseIterable, CustomStringConvertible {
    /// Informational (log level info).
    case info = 1
    /// Needs attention (log level warning).
    case warning = 2
    /// Needs action now (log level error).
    case critical = 3

    /// Parses `info`, `warning`, `critical`.
    public init?(name: String) {
        guard let s = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = s
    }

    public var description: String {
        switch self {
        case .info: "info"
        case .warning: "warning"
        case .critical: "critical"
        }
    }
}
