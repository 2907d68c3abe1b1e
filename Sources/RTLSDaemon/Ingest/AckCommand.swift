import Foundation
import RTLSCore

/// An acknowledgement as it arrives on `[alerts] ack_topic`: `{"alert_id": 1750000000000123, "by": "nurse-7"}`
/// (`alert_id` a number or a decimal string; `by` 1 to 32 bytes, who acknowledged).
struct AckCommand: Equatable {
    var alertID: UInt64
    var by: SiteName

    /// Parses a payload; the error says what is wrong, for the log.
    static func parse(_ payload: [UInt8]) -> Result<AckCommand, AckCommandError> {
        guard payload.count <= 4096,
            let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        else { return .failure(AckCommandError(reason: "not a JSON object")) }
        let id: UInt64?
        switch object["alert_id"] {
        case let s as String: id = UInt64(s)
        case let n as Int: id = n > 0 ? UInt64(n) : nil
        default: id = nil
        }
        guard let id, id > 0 else { return .failure(AckCommandError(reason: "alert_id must be a positive integer")) }
        guard let by = object["by"] as? String, !by.isEmpty, let name = SiteName(by) else {
            return .failure(AckCommandError(reason: "by must be a name of 1 to 32 bytes (who acknowledged)"))
        }
        return .success(AckCommand(alertID: id, by: name))
    }
}

/// Why an acknowledgement command was refused.
struct AckCommandError: Error, Equatable {
    var reason: String
}
