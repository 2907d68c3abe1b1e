import Foundation

/// The outdoor part of the simulated site: a campus geofence around the hospital and, inside it,
/// the stops GPS trackers travel between (main entrance, ambulance bay, car park). Laid out in
/// metres east/north of an origin and written to `site.toml` as `geo_polygon` zones; the trackers
/// carry the stops as OwnTracks regions (`inregions`), and rtlsd places a fix outside every stop by
/// the campus polygon.
///
/// Degrees are rounded to six decimals (about 0.1 m) both in `site.toml` and in published fixes, and
/// `zone(lat:lon:)` tests the rounded values against the rounded polygons, so the simulator and
/// rtlsd agree on fixes close to an edge.
enum GPSCampus {
    /// A rectangular geofence, in metres east/north of the origin.
    struct Area {
        var name: String
        var minE: Double, minN: Double, maxE: Double, maxN: Double
        var centreE: Double { (self.minE + self.maxE) / 2 }
        var centreN: Double { (self.minN + self.maxN) / 2 }

        /// Corners in degrees (south-west, south-east, north-east, north-west), rounded.
        var corners: [(lat: Double, lon: Double)] {
            [
                GPSCampus.degrees(east: self.minE, north: self.minN),
                GPSCampus.degrees(east: self.maxE, north: self.minN),
                GPSCampus.degrees(east: self.maxE, north: self.maxN),
                GPSCampus.degrees(east: self.minE, north: self.maxN),
            ]
        }

        /// Whether the (rounded) fix lies inside or on the edge of the area.
        func contains(lat: Double, lon: Double) -> Bool {
            let c = self.corners
            return lat >= c[0].lat && lat <= c[2].lat && lon >= c[0].lon && lon <= c[2].lon
        }
    }

    /// Origin of the local grid (south-west corner of the campus).
    static let originLat = 47.3700
    static let originLon = 8.5390
    private static let metresPerDegreeLat = 111_320.0
    private static var metresPerDegreeLon: Double {
        111_320.0 * Foundation.cos(Self.originLat * Double.pi / 180)
    }

    /// The whole site; a fix outside every stop resolves here.
    static let campus = Area(name: "CAMPUS", minE: 0, minN: 0, maxE: 400, maxN: 300)

    /// Where trackers park. They do not overlap, and lie well inside the campus.
    static let stops: [Area] = [
        Area(name: "MAIN-ENTRANCE", minE: 40, minN: 120, maxE: 80, maxN: 150),
        Area(name: "AMBULANCE-BAY", minE: 60, minN: 190, maxE: 110, maxN: 230),
        Area(name: "CAR-PARK", minE: 250, minN: 20, maxE: 370, maxN: 120),
    ]

    static let carPark = 2

    /// Every geofence, stops first.
    static var areas: [Area] { Self.stops + [Self.campus] }

    /// `east`/`north` metres as degrees, rounded to six decimals.
    static func degrees(east: Double, north: Double) -> (lat: Double, lon: Double) {
        (
            Self.round6(Self.originLat + north / Self.metresPerDegreeLat),
            Self.round6(Self.originLon + east / Self.metresPerDegreeLon)
        )
    }

    /// The stop holding the fix, as the tracker reports it in `inregions`.
    static func stop(lat: Double, lon: Double) -> Int? {
        Self.stops.indices.first { Self.stops[$0].contains(lat: lat, lon: lon) }
    }

    /// The zone rtlsd should place the fix in: its stop, else the campus, else none (`nil`).
    static func zone(lat: Double, lon: Double) -> String? {
        if let s = Self.stop(lat: lat, lon: lon) { return Self.stops[s].name }
        return Self.campus.contains(lat: lat, lon: lon) ? Self.campus.name : nil
    }

    static func round6(_ v: Double) -> Double { (v * 1_000_000).rounded() / 1_000_000 }
}
