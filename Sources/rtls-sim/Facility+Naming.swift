extension Facility {
    /// Renames zones, gateways and tags to what the plan's vendor payloads carry: an ESPresense node
    /// publishes its room name slugified (lower case) as the last topic segment, which rtlsd takes as zone
    /// and gateway, so zones are named by that slug; Minew G1 gateways and beacons are MAC addresses
    /// (12 hex digits, also valid EPCs for the Zebra portals). Theengs gateways keep their `gw-…` names (the
    /// topic segment before `BTtoMQTT`) and beacons are MACs. rtls-json keeps the `gw-…` gateways and
    /// EPC-style tags.
    mutating func applyNaming(_ plan: TrafficPlan) {
        switch plan.ble {
        case .espresense:
            for i in self.rooms.indices {
                self.rooms[i].name = self.rooms[i].name.lowercased()
                self.rooms[i].gateway = self.rooms[i].name
            }
        case .minew:
            for i in self.rooms.indices {
                let r = self.rooms[i]
                self.rooms[i].gateway = padded6(r.building * 100_000 + r.floor * 1000 + r.index, prefix: "AC233F")
            }
            for i in self.assets.indices { self.assets[i].tag = padded6(i, prefix: "C30000") }
        case .theengs:
            for i in self.assets.indices { self.assets[i].tag = padded6(i, prefix: "C30000") }
        case .rtlsJSON:
            break
        }
    }
}
