public import RTLSCore
public import RTLSPostgres

extension SiteModel {
    /// The site as the reference tables hold it (``SiteSync``): names, kinds, polygons.
    public var record: SiteRecord {
        SiteRecord(
            facility: self.facility, timeZone: self.timeZone.identifier,
            buildings: self.buildings.map { $0.name.string },
            floors: self.floors.map { self.floorRecord($0) },
            zones: self.zones.map { self.zoneRecord($0) },
            gateways: self.gateways.map { self.gatewayRecord($0) })
    }

    private func floorRecord(_ floor: Floor) -> SiteRecord.Floor {
        SiteRecord.Floor(
            name: floor.name.string, building: self.buildings[Int(floor.building)].name.string, level: floor.level)
    }

    private func zoneRecord(_ zone: Zone) -> SiteRecord.Zone {
        let floorName: String? = zone.floor.map { self.floors[Int($0)].name.string }
        switch zone.shape {
        case .none:
            return SiteRecord.Zone(
                name: zone.name.string, floor: floorName, kind: zone.kind, restricted: zone.restricted, shape: nil,
                points: [])
        case .floor(let p):
            return SiteRecord.Zone(
                name: zone.name.string, floor: floorName, kind: zone.kind, restricted: zone.restricted,
                shape: .floor, points: p.vertices.map { ($0.x, $0.y) })
        case .geo(let p):
            // Stored as [lat, lon], as site.toml writes them.
            return SiteRecord.Zone(
                name: zone.name.string, floor: floorName, kind: zone.kind, restricted: zone.restricted, shape: .geo,
                points: p.vertices.map { ($0.y, $0.x) })
        }
    }

    private func gatewayRecord(_ gateway: Gateway) -> SiteRecord.Gateway {
        SiteRecord.Gateway(id: gateway.id.string, zone: gateway.zone.map { self.zones[Int($0)].name.string })
    }
}
