public import Logging
import RTLSSystemd

extension Logger {
    /// The same logger under `<label>.<component>` (`rtlsd.writer`): journald's `LOGGER` field and
    /// the stderr line name the part of the daemon that wrote the entry. Level, metadata and the
    /// destination are kept; any other handler (a test's in-memory one) is shared as it is.
    public func component(_ name: String) -> Logger {
        let label = "\(self.label).\(name)"
        var handler: any LogHandler
        switch self.handler {
        case let h as JournalLogHandler:
            handler = JournalLogHandler(label: label, identifier: h.identifier, metadataProvider: h.metadataProvider)
        case let h as StandardErrorLogHandler:
            handler = StandardErrorLogHandler(label: label, metadataProvider: h.metadataProvider)
        default:
            return self
        }
        handler.metadata = self.handler.metadata
        handler.logLevel = self.logLevel
        return Logger(label: label, factory: { _ in handler })
    }
}
