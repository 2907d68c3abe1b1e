import RTLSCore
@testable import RTLSDaemon
import Testing

@Suite struct AckCommandTests {
    @Test func parsesNumberOrStringIDs() {
        #expect(
            AckCommand.parse(Array(#"{"alert_id":1750000000000123,"by":"nurse-7"}"#.utf8))
                == .success(AckCommand(alertID: 1_750_000_000_000_123, by: "nurse-7")))
        #expect(
            AckCommand.parse(Array(#"{"alert_id":"18446744073709551615","by":"x"}"#.utf8))
                == .success(AckCommand(alertID: UInt64.max, by: "x")))
    }

    @Test(arguments: [
        "", "[]", "{\"by\":\"n\"}", "{\"alert_id\":-3,\"by\":\"n\"}", "{\"alert_id\":\"x\",\"by\":\"n\"}",
        "{\"alert_id\":5}", "{\"alert_id\":5,\"by\":\"\"}", "{\"alert_id\":5,\"by\":\"\(String(repeating: "a", count: 33))\"}",
    ])
    func refusesWhatItCannotRecord(_ payload: String) {
        guard case .failure = AckCommand.parse(Array(payload.utf8)) else {
            Issue.record("accepted \(payload)")
            return
        }
    }
}
