extension Facility {
    /// Renames gateways and tags to what the plan's vendor payloads carry: ESPresense reports the room as
    /// its gateway, Minew G1 gateways and beacons are MAC addresses (12 hex digits, also valid EPCs for the
    /// Zebra portals). rtls-json keeps the `gw-…` gateways and EPC-style tags.
    mutating func applyNaming(_ plan: TrafficPlan) {
        switch plan.ble {
        case .espresense:
            for i in self.rooms.indices { self.rooms[i].gateway = self.rooms[i].name }
        case .minew:
            for i in self.rooms.indices {
                let r = self.rooms[i]
                self.rooms[i].gateway = padded6(r.building * 100_000 + r.floor * 1000 + r.index, prefix: "AC233F")
            }
            for i in self.assets.indices { self.assets[i].tag = padded6(i, prefix: "C30000") }
        case .rtlsJSON:
            break
        }
    }
}
