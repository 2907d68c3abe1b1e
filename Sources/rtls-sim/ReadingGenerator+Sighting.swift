extension ReadingGenerator {
    /// Publishes one BLE sighting of `asset` by the gateway of room `r`, in the plan's BLE format:
    /// rtls-json on `rtls/<gateway>/readings`, Minew G1 batches on `gw/<gateway>/status`, one ESPresense
    /// message on `espresense/devices/<tag>/<room>`, or one Theengs message on `home/<gateway>/BTtoMQTT/<mac>`.
    ///
    /// - Parameter distance: the true distance in metres (ESPresense reports an estimate of it).
    mutating func publishSighting(
        _ asset: Facility.Asset, by r: Facility.Room, rssi: Double, distance: Double, nowMs: Int64,
        emit: (String, [UInt8]) -> Void
    ) {
        let battery = Int(asset.battery)
        switch self.plan.ble {
        case .rtlsJSON:
            self.append(
                topic: "rtls/\(r.gateway)/readings", header: nil,
                item: VendorPayloads.rtlsBLE(tag: asset.tag, rssi: rssi, battery: battery, ms: nowMs),
                emit: emit)
        case .minew:
            self.append(
                topic: "gw/\(r.gateway)/status",
                header: VendorPayloads.minewHeartbeat(gateway: r.gateway, ms: nowMs),
                item: VendorPayloads.minewSighting(mac: asset.tag, rssi: rssi, battery: battery, ms: nowMs),
                emit: emit)
        case .espresense:
            emit(
                "espresense/devices/\(asset.tag)/\(r.name)",
                Array(
                    VendorPayloads.espresense(
                        tag: asset.tag, rssi: rssi, distance: max(0.1, distance + self.rng.gaussian() * 0.2),
                        speed: abs(self.rng.gaussian() * 0.05)
                    ).utf8))
        case .theengs:
            emit(
                "home/\(r.gateway)/BTtoMQTT/\(asset.tag)",
                Array(VendorPayloads.theengs(mac: asset.tag, rssi: rssi, battery: battery).utf8))
        }
    }
}
