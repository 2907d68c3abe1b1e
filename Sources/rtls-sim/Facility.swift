/// A generated hospital: buildings × floors × rooms laid out on a grid along a corridor, one BLE
/// gateway per room, an RFID portal at each loading dock, tagged assets and fridge sensors.
struct Facility {
    struct Room {
        var name: String
        var building: Int
        var floor: Int
        var index: Int
        /// Floor-plan rectangle in metres.
        var minX: Double, minY: Double, maxX: Double, maxY: Double
        var kind: String
        var gateway: String
        var centerX: Double { (self.minX + self.maxX) / 2 }
        var centerY: Double { (self.minY + self.maxY) / 2 }
    }

    struct Asset {
        var tag: String
        var name: String
        var assetClass: String
        var room: Int
        /// Rooms reachable in one move (same floor, adjacent index).
        var homeFloorKey: Int
        var battery: Double
        var movesEveryS: Double
        var nextMoveAt: Double
    }

    struct Fridge {
        var sensor: String
        var room: Int
        var temperature: Double
        var drifting: Bool
    }

    var rooms: [Room] = []
    var assets: [Asset] = []
    var fridges: [Fridge] = []
    /// Outdoor assets with OwnTracks GPS trackers.
    var gpsTrackers: [GPSTracker] = []
    let roomWidth = 8.0
    let roomDepth = 6.0
    /// Rooms on each floor (all floors alike).
    private(set) var roomsPerFloor = 0

    static let assetClasses: [(String, String, Double)] = [
        ("infusion-pump", "PUMP", 900), ("ventilator", "VENT", 3600), ("wheelchair", "WC", 600),
        ("monitor", "MON", 1800), ("bed", "BED", 7200), ("defibrillator", "DEFIB", 86_400),
    ]

    init(buildings: Int, floors: Int, roomsPerFloor: Int, tags: Int, fridges: Int, gpsTrackers: Int = 0, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        self.roomsPerFloor = roomsPerFloor
        for b in 1...buildings {
            for f in 1...floors {
                for r in 1...roomsPerFloor {
                    let kind: String
                    switch r {
                    case 1 where f == 1: kind = "loading-dock"
                    case 2: kind = "icu"
                    case 3: kind = "soiled-utility"
                    case 4: kind = "pharmacy"
                    default: kind = "patient-room"
                    }
                    let name = "B\(b)-F\(f)-\(kind == "patient-room" ? "R\(r)" : kind.uppercased())"
                    let x0 = Double(r - 1) * self.roomWidth
                    let y0 = Double(f - 1) * 100 + Double(b - 1) * 1000
                    self.rooms.append(
                        Room(
                            name: name, building: b, floor: f, index: r, minX: x0, minY: y0,
                            maxX: x0 + self.roomWidth, maxY: y0 + self.roomDepth, kind: kind,
                            gateway: padded6(b * 100_000 + f * 1000 + r, prefix: "gw-")))
                }
            }
        }
        for i in 0..<tags {
            let cls = Self.assetClasses[i % Self.assetClasses.count]
            let room = Int.random(in: 0..<self.rooms.count, using: &rng)
            self.assets.append(
                Asset(
                    tag: padded6(i, prefix: "E28011700000020A") , name: "\(cls.1)-\(padded6(i, prefix: ""))",
                    assetClass: cls.0, room: room, homeFloorKey: self.rooms[room].building * 100 + self.rooms[room].floor,
                    battery: Double.random(in: 30...100, using: &rng), movesEveryS: cls.2,
                    nextMoveAt: Double.random(in: 0...cls.2, using: &rng)))
        }
        let pharmacies = self.rooms.indices.filter { self.rooms[$0].kind == "pharmacy" }
        for i in 0..<fridges where !pharmacies.isEmpty {
            self.fridges.append(
                Fridge(
                    sensor: "fridge-\(i + 1)", room: pharmacies[i % pharmacies.count], temperature: 5,
                    drifting: i % 4 == 0))
        }
        // A generator of its own, so adding trackers leaves the indoor facility of a seed unchanged.
        var gpsRNG = SplitMix64(seed: seed ^ 0x6B50)
        for i in 0..<gpsTrackers { self.gpsTrackers.append(GPSTracker(index: i, using: &gpsRNG)) }
    }

    /// Rooms one step away: same building and floor, index ±1.
    func neighbours(of room: Int) -> [Int] {
        let r = self.rooms[room]
        return self.rooms.indices.filter {
            let o = self.rooms[$0]
            return o.building == r.building && o.floor == r.floor && abs(o.index - r.index) == 1
        }
    }
}

/// `prefix` followed by `n` zero-padded to six digits.
func padded6(_ n: Int, prefix: String) -> String {
    let digits = String(n)
    return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
}
