import Foundation

/// An OwnTracks GPS tracker on an asset that goes outdoors (an ambulance, a wheelchair taken to the
/// car park): parks at a stop of `GPSCampus`, then drives or is pushed in a straight line to another
/// stop. Times are simulated seconds.
struct GPSTracker {
    /// OwnTracks user of every simulated tracker; the topic is `owntracks/<user>/<device>`.
    static let user = "transport"

    static let classes: [(assetClass: String, prefix: String, metresPerS: Double, dwellS: ClosedRange<Double>)] = [
        ("ambulance", "AMB", 5, 300...900), ("wheelchair", "WC", 1.2, 180...600),
    ]

    /// `<device>` in the topic, e.g. `amb-01`.
    var device: String
    var name: String
    var assetClass: String
    var metresPerS: Double
    var dwellS: ClosedRange<Double>
    var battery: Double
    /// The stop it is parked at, or left last.
    var stop: Int
    /// The stop it is heading for while travelling.
    var target: Int?
    var departAt: Double
    var arriveAt: Double
    var nextReportAt: Double
    /// The zone of its last published fix.
    var lastZone: String?

    /// rtlsd's tag for it: `<user>/<device>`, as the owntracks decoder builds it from the topic.
    var tag: String { "\(Self.user)/\(self.device)" }
    var topic: String { "owntracks/\(Self.user)/\(self.device)" }

    init(index i: Int, using rng: inout SplitMix64) {
        let cls = Self.classes[i % Self.classes.count]
        let number = i / Self.classes.count + 1
        let suffix = number < 10 ? "0\(number)" : "\(number)"
        self.device = "\(cls.prefix.lowercased())-\(suffix)"
        self.name = "\(cls.prefix)-GPS-\(suffix)"
        self.assetClass = cls.assetClass
        self.metresPerS = cls.metresPerS
        self.dwellS = cls.dwellS
        self.battery = Double.random(in: 60...100, using: &rng)
        self.stop = Int.random(in: 0..<GPSCampus.stops.count, using: &rng)
        self.departAt = Double.random(in: 0...cls.dwellS.upperBound, using: &rng)
        self.arriveAt = self.departAt
        self.nextReportAt = 0
    }

    /// Seconds between fixes: OwnTracks reports often while moving, rarely while parked.
    static let movingReportS = 15.0
    static let parkedReportS = 120.0

    /// Advances the trip state to `sim` and returns the position in metres, before GPS noise.
    mutating func advance(to sim: Double, using rng: inout SplitMix64) -> (east: Double, north: Double) {
        while true {
            if let target = self.target {
                if sim < self.arriveAt {
                    let from = GPSCampus.stops[self.stop]
                    let to = GPSCampus.stops[target]
                    let f = (sim - self.departAt) / max(1, self.arriveAt - self.departAt)
                    return (
                        from.centreE + (to.centreE - from.centreE) * f, from.centreN + (to.centreN - from.centreN) * f
                    )
                }
                self.stop = target
                self.target = nil
                self.departAt = self.arriveAt + Double.random(in: self.dwellS, using: &rng)
            } else if sim >= self.departAt {
                let others = GPSCampus.stops.indices.filter { $0 != self.stop }
                guard let next = others.randomElement(using: &rng) else { break }
                let a = GPSCampus.stops[self.stop]
                let b = GPSCampus.stops[next]
                let metres = ((b.centreE - a.centreE) * (b.centreE - a.centreE)
                    + (b.centreN - a.centreN) * (b.centreN - a.centreN)).squareRoot()
                self.target = next
                self.arriveAt = self.departAt + metres / self.metresPerS
            } else {
                break
            }
        }
        let s = GPSCampus.stops[self.stop]
        return (s.centreE, s.centreN)
    }

    var isMoving: Bool { self.target != nil }
}
