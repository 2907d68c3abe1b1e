import Testing

@testable import rtls_sim

@Suite struct GPSCampusTests {
    @Test func campusStopsAreDisjointAndInsideTheCampus() {
        for (i, a) in GPSCampus.stops.enumerated() {
            #expect(a.minE > GPSCampus.campus.minE && a.maxE < GPSCampus.campus.maxE)
            #expect(a.minN > GPSCampus.campus.minN && a.maxN < GPSCampus.campus.maxN)
            for b in GPSCampus.stops[(i + 1)...] {
                #expect(a.maxE < b.minE || b.maxE < a.minE || a.maxN < b.minN || b.maxN < a.minN)
            }
            let centre = GPSCampus.degrees(east: a.centreE, north: a.centreN)
            #expect(GPSCampus.zone(lat: centre.lat, lon: centre.lon) == a.name)
        }
        let road = GPSCampus.degrees(east: 200, north: 200)
        #expect(GPSCampus.zone(lat: road.lat, lon: road.lon) == GPSCampus.campus.name)
        let away = GPSCampus.degrees(east: -50, north: 100)
        #expect(GPSCampus.zone(lat: away.lat, lon: away.lon) == nil)
    }
}
