/// The site model as the reference tables hold it (migration 009): what ``SiteSync`` writes. Plain
/// names and numbers, built by the daemon from `site.toml`.
public struct SiteRecord: Sendable, Equatable {
    /// A floor of a building.
    public struct Floor: Sendable, Equatable {
        /// `floors.name`, unique in its building.
        public var name: String
        /// The building's name (`buildings.name`).
        public var building: String
        /// `floors.level`: the storey number.
        public var level: Int

        /// A floor of `building`.
        public init(name: String, building: String, level: Int) {
            self.name = name
            self.building = building
            self.level = level
        }
    }

    /// How a zone's polygon is measured (`zones.shape`).
    public enum Shape: String, Sendable, Equatable {
        /// Floor metres, points `[x, y]`.
        case floor
        /// Degrees, points `[lat, lon]`.
        case geo
    }

    /// A zone: its floor (nil outdoors), kind, restriction and polygon.
    public struct Zone: Sendable, Equatable {
        /// `zones.name`, unique in the facility.
        public var name: String
        /// Its floor's name; `nil` outdoors.
        public var floor: String?
        /// `zones.kind` (`room`, `corridor`, `dock` …); `nil` if site.toml does not say.
        public var kind: String?
        /// `zones.restricted`.
        public var restricted: Bool
        /// How ``points`` are measured; `nil` for a zone without geometry.
        public var shape: Shape?
        /// The polygon's points in the order of ``shape`` (`[x, y]` or `[lat, lon]`).
        public var points: [(Double, Double)]

        /// A zone as site.toml describes it.
        public init(
            name: String, floor: String?, kind: String?, restricted: Bool, shape: Shape?,
            points: [(Double, Double)]
        ) {
            self.name = name
            self.floor = floor
            self.kind = kind
            self.restricted = restricted
            self.shape = shape
            self.points = points
        }

        public static func == (a: Zone, b: Zone) -> Bool {
            a.name == b.name && a.floor == b.floor && a.kind == b.kind && a.restricted == b.restricted
                && a.shape == b.shape && a.points.elementsEqual(b.points) { $0 == $1 }
        }

        /// `[[x, y], …]` as `zones.polygon` (jsonb); nil without a shape.
        var polygonJSON: String? {
            guard self.shape != nil else { return nil }
            return "[" + self.points.map { "[\(Self.number($0.0)), \(Self.number($0.1))]" }.joined(separator: ", ") + "]"
        }

        private static func number(_ v: Double) -> String {
            v.isFinite ? "\(v)" : "null"
        }
    }

    /// A gateway and the zone it covers.
    public struct Gateway: Sendable, Equatable {
        /// `gateways.gateway`: what the gateway publishes as its id.
        public var id: String
        /// The zone it covers (`gateways.zone_id`), if any.
        public var zone: String?

        /// A gateway covering `zone`.
        public init(id: String, zone: String?) {
            self.id = id
            self.zone = zone
        }
    }

    /// `facilities.name`: unique in the database, one per edge rtlsd (or HA pair).
    public var facility: String
    /// `facilities.timezone`: an IANA name (`Europe/Berlin`) or a fixed offset (`+01:00`).
    public var timeZone: String
    /// Building names.
    public var buildings: [String]
    /// Floors, each naming its building.
    public var floors: [Floor]
    /// Zones, each naming its floor.
    public var zones: [Zone]
    /// Gateways, each naming its zone.
    public var gateways: [Gateway]

    /// A record; empty lists for a facility without a site file.
    public init(
        facility: String, timeZone: String, buildings: [String] = [], floors: [Floor] = [], zones: [Zone] = [],
        gateways: [Gateway] = []
    ) {
        self.facility = facility
        self.timeZone = timeZone
        self.buildings = buildings
        self.floors = floors
        self.zones = zones
        self.gateways = gateways
    }
}
