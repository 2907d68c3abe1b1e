import Logging
import RTLSDaemon
import RTLSSystemd
import Testing

@Suite struct LoggerComponentTests {
    @Test func eachComponentLogsUnderItsOwnLabel() {
        var base = Logger(label: "rtlsd", factory: { StandardErrorLogHandler(label: $0) })
        base.logLevel = .debug
        let writer = base.component("writer")
        #expect((writer.handler as? StandardErrorLogHandler)?.label == "rtlsd.writer")
        #expect(writer.logLevel == .debug)
        let journal = Logger(label: "rtlsd", factory: { JournalLogHandler(label: $0) }).component("rules")
        #expect((journal.handler as? JournalLogHandler)?.label == "rtlsd.rules")
    }
}
