/// Where one tag physically is. It dwells at a point in a room, then walks in a straight line at
/// walking pace to a random point in a neighbouring room (rooms of a floor share walls along x, so the
/// walk crosses one wall, through its door) and dwells there. Times are simulated seconds.
struct TagMotion {
    private(set) var x: Double
    private(set) var y: Double
    /// The room the position is in (index into `Facility.rooms`).
    private(set) var room: Int
    /// When the current dwell ends (the next walk starts).
    private(set) var departAt: Double
    /// While walking: where from and to, when it arrives.
    private var walk: (fromX: Double, fromY: Double, toX: Double, toY: Double, departed: Double, arrive: Double)?
    /// When the tag next advertises.
    var nextAdvertAt: Double

    /// A tag dwelling at a random point of `room` until `departAt`.
    init(room: Int, in facility: Facility, departAt: Double, nextAdvertAt: Double, using rng: inout SplitMix64) {
        let p = Self.randomPoint(in: facility.rooms[room], using: &rng)
        self.x = p.x
        self.y = p.y
        self.room = room
        self.departAt = departAt
        self.nextAdvertAt = nextAdvertAt
    }

    var isWalking: Bool { self.walk != nil }

    /// Moves the tag on to `sim`: finishes or continues a walk, starts the next one when the dwell is
    /// over (unless `stationary`), and updates `room` from the position.
    ///
    /// - Parameters:
    ///   - dwell: how long a dwell lasts, drawn uniformly.
    ///   - pace: walking speed in m/s, drawn uniformly per walk.
    mutating func advance(
        to sim: Double, in facility: Facility, dwell: ClosedRange<Double>, pace: ClosedRange<Double>,
        stationary: Bool, using rng: inout SplitMix64
    ) {
        while true {
            if let w = self.walk {
                if sim >= w.arrive {
                    self.x = w.toX
                    self.y = w.toY
                    self.walk = nil
                    self.departAt = w.arrive + Double.random(in: dwell, using: &rng)
                    continue
                }
                let f = (sim - w.departed) / max(0.001, w.arrive - w.departed)
                self.x = w.fromX + (w.toX - w.fromX) * f
                self.y = w.fromY + (w.toY - w.fromY) * f
                break
            }
            guard !stationary, sim >= self.departAt,
                let next = facility.neighbours(of: self.room).randomElement(using: &rng)
            else { break }
            let p = Self.randomPoint(in: facility.rooms[next], using: &rng)
            let metres = ((p.x - self.x) * (p.x - self.x) + (p.y - self.y) * (p.y - self.y)).squareRoot()
            let arrive = self.departAt + metres / Double.random(in: pace, using: &rng)
            self.walk = (self.x, self.y, p.x, p.y, self.departAt, arrive)
        }
        self.room = facility.room(atX: self.x, onFloorOf: self.room)
    }

    /// A uniformly random point at least 0.5 m inside the room's walls.
    static func randomPoint(in r: Facility.Room, using rng: inout SplitMix64) -> (x: Double, y: Double) {
        (
            Double.random(in: r.minX + 0.5...r.maxX - 0.5, using: &rng),
            Double.random(in: r.minY + 0.5...r.maxY - 0.5, using: &rng)
        )
    }
}
