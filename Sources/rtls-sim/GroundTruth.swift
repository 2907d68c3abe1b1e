/// Where each tag really was and which alerts the generated rules should raise, as JSON lines:
/// `{"t":ms,"tag":…,"zone":…,"via":"ble"|"gps"}` at the start and on every move (`via`: how rtlsd locates
/// the tag), `{"t":ms,"expect_alert":rule,"tag":…}`, and `{"t":ms,"run":"start"|"end",…}` around the run.
/// In the physical mode the zone is the room the tag's position is in; a GPS tracker's zone is the one
/// its true position (before GPS noise) is in. Neither is a prediction of rtlsd's output.
struct GroundTruth {
    private struct FridgeState {
        var outSince: Int64?
        var inSince: Int64?
        var alerting = false
    }

    private(set) var lines: [String] = []
    private var fridges: [String: FridgeState] = [:]

    /// Records a tag's position (at start, or after a move) and the zone rules the move triggers.
    mutating func move(tag: String, assetClass: String, from: Facility.Room?, to: Facility.Room, ms: Int64) {
        self.lines.append("{\"t\":\(ms),\"tag\":\"\(tag)\",\"zone\":\"\(to.name)\",\"via\":\"ble\"}")
        // A pump first seen at a dock (from == nil: where the run starts) raises the alert as well.
        if assetClass == "infusion-pump" && to.kind == "loading-dock" && from?.kind != "loading-dock" {
            self.expect(SimRules.pumpAtDock, tag: tag, ms: ms)
        }
        if assetClass == "ventilator" && from?.kind == "icu" && to.kind != "icu" {
            self.expect(SimRules.ventLeavesICU, tag: tag, ms: ms)
        }
    }

    /// Records a GPS tracker's zone when its true position is in another one (`nil` off campus), and the
    /// wheelchair-in-car-park alert when a wheelchair arrives there.
    mutating func gps(tag: String, assetClass: String, from: String?, to: String?, ms: Int64) {
        let zone = to.map { "\"\($0)\"" } ?? "null"
        self.lines.append("{\"t\":\(ms),\"tag\":\"\(tag)\",\"zone\":\(zone),\"via\":\"gps\"}")
        let carPark = GPSCampus.stops[GPSCampus.carPark].name
        if assetClass == "wheelchair" && to == carPark && from != carPark {
            self.expect(SimRules.wheelchairInCarPark, tag: tag, ms: ms)
        }
    }

    /// Follows a fridge's published temperature against the generated `vaccine-fridge` rule.
    mutating func fridge(sensor: String, celsius: Double, ms: Int64) {
        var s = self.fridges[sensor] ?? FridgeState()
        if celsius > SimRules.fridgeAbove || celsius < SimRules.fridgeBelow {
            s.inSince = nil
            let since = s.outSince ?? ms
            s.outSince = since
            if !s.alerting && ms - since >= SimRules.fridgeForMs {
                s.alerting = true
                self.expect(SimRules.fridge, tag: sensor, ms: ms)
            }
        } else {
            s.outSince = nil
            let since = s.inSince ?? ms
            s.inSince = since
            if s.alerting && ms - since >= SimRules.fridgeClearMs { s.alerting = false }
        }
        self.fridges[sensor] = s
    }

    /// Marks the start or end of the run (`event` "start" or "end"); `fields` are extra JSON members
    /// (`"mode":"physics"`), already encoded.
    mutating func run(_ event: String, ms: Int64, fields: String = "") {
        self.lines.append("{\"t\":\(ms),\"run\":\"\(event)\"\(fields.isEmpty ? "" : ",")\(fields)}")
    }

    /// Returns and forgets the lines recorded so far.
    mutating func take() -> [String] {
        defer { self.lines.removeAll(keepingCapacity: true) }
        return self.lines
    }

    private mutating func expect(_ rule: String, tag: String, ms: Int64) {
        self.lines.append("{\"t\":\(ms),\"expect_alert\":\"\(rule)\",\"tag\":\"\(tag)\"}")
    }
}
