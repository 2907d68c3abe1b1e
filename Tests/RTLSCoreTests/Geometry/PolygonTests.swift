import RTLSCore
import Testing

@Suite struct PolygonTests {
    /// An L shape: the notch (6..10, 6..10) is outside.
    static let ell = Polygon([
        Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 6), Point(x: 6, y: 6), Point(x: 6, y: 10),
        Point(x: 0, y: 10),
    ])

    @Test(arguments: [
        (Point(x: 2, y: 2), true), (Point(x: 8, y: 2), true), (Point(x: 2, y: 8), true),
        (Point(x: 8, y: 8), false), (Point(x: 11, y: 1), false), (Point(x: -0.001, y: 5), false),
    ])
    func concaveShapeExcludesItsNotch(point: Point, inside: Bool) throws {
        #expect(try #require(Self.ell).contains(point) == inside)
    }

    @Test(arguments: [
        Point(x: 0, y: 5), Point(x: 10, y: 3), Point(x: 8, y: 6), Point(x: 6, y: 8), Point(x: 0, y: 0),
        Point(x: 6, y: 6),
    ])
    func pointsOnEdgesAndVerticesAreInside(point: Point) throws {
        #expect(try #require(Self.ell).contains(point))
    }

    @Test func diagonalEdgeCountsAsInside() throws {
        let triangle = try #require(Polygon([Point(x: 0, y: 0), Point(x: 4, y: 0), Point(x: 0, y: 4)]))
        #expect(triangle.contains(Point(x: 2, y: 2)))
        #expect(!triangle.contains(Point(x: 2.01, y: 2.01)))
        #expect(triangle.area == 8)
    }

    @Test func degeneratePolygonsAreRejected() {
        #expect(Polygon([Point(x: 0, y: 0), Point(x: 1, y: 1)]) == nil)
        #expect(Polygon([Point(x: 0, y: 0), Point(x: 1, y: 1), Point(x: 2, y: 2)]) == nil)
        #expect(Polygon([Point(x: 0, y: 0), Point(x: .nan, y: 1), Point(x: 2, y: 0)]) == nil)
    }

    @Test func repeatedClosingVertexIsDropped() throws {
        let p = try #require(
            Polygon([Point(x: 0, y: 0), Point(x: 2, y: 0), Point(x: 2, y: 2), Point(x: 0, y: 0)]))
        #expect(p.vertices.count == 3)
        #expect(p.area == 2)
    }
}
