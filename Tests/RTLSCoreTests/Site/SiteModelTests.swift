import RTLSCore
import Testing

@Suite struct SiteModelTests {
    @Test func referencesResolveToDenseIndices() throws {
        let site = try TestSite.site()
        #expect(site.zoneIndex("WARD") == 1)
        #expect(site.gatewayIndex("rdr-1") == 3)
        let rdr = site.gateways[3]
        #expect(rdr.antennas[2] == 1)
        #expect(rdr.floor == 0)  // inherited from its zone
        #expect(site.assetIndex(tag: "fridge2") == 4)
    }

    @Test func duplicatesAndUnknownReferencesAreRejected() throws {
        var site = try TestSite.site()
        var error = #expect(throws: SiteError.self) { try site.addZone(name: "WARD", floor: "L1", shape: .none) }
        #expect(error?.code == .duplicateName)
        error = #expect(throws: SiteError.self) { try site.addGateway(id: "gw-9", zone: "ATTIC") }
        #expect(error?.code == .unknownReference && error?.key == "zone")
        error = #expect(throws: SiteError.self) { try site.addGateway(id: "gw-9", zone: nil, antennas: [3: "ATTIC"]) }
        #expect(error?.key == "antennas.3")
        error = #expect(throws: SiteError.self) { try site.addAsset(name: "OTHER", tag: "pump1") }
        #expect(error?.code == .duplicateName && error?.key == "tag")
        error = #expect(throws: SiteError.self) {
            try site.addZone(name: "X", floor: nil, shape: .floor(try #require(TestSite.square(0, 0, 1, 1))))
        }
        #expect(error?.code == .invalidGeometry)
    }
}
