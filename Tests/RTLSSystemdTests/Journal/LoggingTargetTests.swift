import Logging
import RTLSSystemd
import RTLSTestSupport
import Testing

@Suite struct LoggingTargetTests {
    private let stderrIdentity = LoggingTarget.FileIdentity(device: 25, inode: 123_456)

    /// libsystemd reports success when the journal socket is missing, so the daemon checks first.
    @Test func aMissingJournalSocketIsAProblem() throws {
        #expect(LoggingTarget.journalProblem(socket: "/nonexistent/journal/socket")?.contains("No such file") == true)
        #expect(LoggingTarget.journalProblem(socket: "/") == "/ is not a socket")
        let receiver = try UnixDatagramReceiver(path: UnixDatagramReceiver.temporaryPath())
        #expect(LoggingTarget.journalProblem(socket: receiver.path) == nil)
    }

    @Test func journalWhenJournalStreamMatchesStderr() {
        let target = LoggingTarget.choose(
            environment: ["JOURNAL_STREAM": "25:123456"], standardError: self.stderrIdentity)
        #expect(target == .journal)
        #expect(target.makeHandler(label: "rtlsd") is JournalLogHandler)
    }

    @Test(arguments: [
        ["JOURNAL_STREAM": "25:999"], ["JOURNAL_STREAM": "26:123456"], [:], ["JOURNAL_STREAM": "junk"],
    ])
    func stderrWhenStreamAbsentOrRedirected(environment: [String: String]) {
        let target = LoggingTarget.choose(environment: environment, standardError: self.stderrIdentity)
        #expect(target == .standardError)
        #expect(target.makeHandler(label: "rtlsd") is StandardErrorLogHandler)
    }

    @Test func stderrWhenStderrClosed() {
        let target = LoggingTarget.choose(environment: ["JOURNAL_STREAM": "25:123456"], standardError: nil)
        #expect(target == .standardError)
    }

    @Test func explicitRequestWins() {
        #expect(LoggingTarget.choose(environment: [:], requested: .journal, standardError: nil) == .journal)
        let matching = ["JOURNAL_STREAM": "25:123456"]
        let forced = LoggingTarget.choose(
            environment: matching, requested: .standardError, standardError: self.stderrIdentity)
        #expect(forced == .standardError)
    }

    @Test(arguments: [("8:12", 8, 12), ("0:0", 0, 0), ("18446744073709551615:1", UInt64.max, 1)])
    func parsesJournalStream(text: String, device: UInt64, inode: UInt64) {
        #expect(LoggingTarget.FileIdentity(journalStream: text) == .init(device: device, inode: inode))
    }

    @Test(arguments: ["", "8", "8:", ":12", "8:12:1", "-1:2", "a:b"])
    func rejectsMalformedJournalStream(text: String) {
        #expect(LoggingTarget.FileIdentity(journalStream: text) == nil)
    }

    @Test func realStderrHasAnIdentity() throws {
        let identity = try #require(LoggingTarget.FileIdentity.standardError())
        let stream = "\(identity.device):\(identity.inode)"
        #expect(LoggingTarget.choose(environment: ["JOURNAL_STREAM": stream]) == .journal)
    }
}
