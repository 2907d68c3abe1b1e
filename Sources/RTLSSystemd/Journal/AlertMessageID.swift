/// The fixed journald `MESSAGE_ID` of each alert kind, so `journalctl MESSAGE_ID=<id>` lists every
/// alert of that kind across restarts and hosts.
///
/// The ids are random 128-bit values made once with `systemd-id128 new` and never change; a new
/// alert kind gets a new id here and a new row in `systemd/README.md`. Keys are the `alert.kind`
/// metadata values the rules engine logs.
public enum AlertMessageID {
    /// Alert kind (`alert.kind` metadata value) → `MESSAGE_ID` (32 lowercase hex digits).
    public static let byKind: [String: String] = [
        "zone_enter": "a009edbdf7654535aaeb60f0c747ca56",
        "zone_exit": "d4c0e73715644a6099b8b8fc2f73ec29",
        "restricted_zone": "3fec2973a3fd4e56b122b3a08d3b0d76",
        "dwell": "4b13904d649c4e47bfd8e9ff79ad2eb7",
        "not_seen": "bf01c444454b4edca6a523716a696004",
        "low_battery": "ac3a5a678aaa4827ad9ceee83fe06a15",
        "sensor_high": "feb92e4073114929b4ff83ebcb3db0f5",
        "sensor_low": "17c8e7bd3fd241759229e5151d59ceb1",
        "gateway_offline": "af10879bf8644934b5bddd4a339dca53",
        "after_hours": "815d131ec33b47858d6bbb46ff71215a",
    ]

    /// The `MESSAGE_ID` for an alert kind, or `nil` for a kind without one.
    ///
    /// - Parameter kind: the `alert.kind` value (`restricted_zone`).
    public static func forKind(_ kind: String) -> String? {
        Self.byKind[kind]
    }
}
