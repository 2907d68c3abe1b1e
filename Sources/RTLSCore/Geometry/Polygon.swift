/// A simple polygon (convex or concave, no holes) with an exact point-in-polygon test.
///
/// The test is even-odd ray casting; a point on an edge or vertex counts as inside, so two rooms
/// sharing a wall both contain a point on that wall (the zone index then picks the smaller one).
/// Holes are not modelled: draw the hole as its own zone, which wins because it is smaller.
/// For GPS zones `x` is longitude and `y` latitude, treated as a plane: fine for campus-sized
/// geofences, wrong across the antimeridian or near the poles (out of scope).
public struct Polygon: Sendable, Equatable {
    /// The vertices in order (either winding); the last is joined to the first.
    public let vertices: [Point]
    /// The bounding box of the vertices.
    public let bounds: BoundingBox
    /// The enclosed area (shoelace formula), used to prefer the most specific of nested zones.
    public let area: Double

    /// Creates a polygon, or `nil` when it has fewer than three vertices, a non-finite
    /// coordinate or no area.
    public init?(_ vertices: [Point]) {
        var points = vertices
        if points.count > 1, points.first == points.last { points.removeLast() }
        guard points.count >= 3, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }),
            let bounds = BoundingBox(points: points)
        else { return nil }
        var twice = 0.0
        var j = points.count - 1
        for i in 0..<points.count {
            twice += (points[j].x * points[i].y) - (points[i].x * points[j].y)
            j = i
        }
        guard abs(twice) > 0 else { return nil }
        self.vertices = points
        self.bounds = bounds
        self.area = abs(twice) / 2
    }

    /// `true` when `p` is inside the polygon or on its border.
    public func contains(_ p: Point) -> Bool {
        guard self.bounds.contains(p) else { return false }
        var inside = false
        var j = self.vertices.count - 1
        for i in 0..<self.vertices.count {
            let a = self.vertices[i]
            let b = self.vertices[j]
            if Self.onSegment(p, a, b) { return true }
            if (a.y > p.y) != (b.y > p.y) {
                let crossX = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
                if p.x < crossX { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    @inline(__always)
    private static func onSegment(_ p: Point, _ a: Point, _ b: Point) -> Bool {
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
        let scale = max(abs(b.x - a.x), abs(b.y - a.y), 1e-12)
        guard abs(cross) <= 1e-9 * scale else { return false }
        return p.x >= min(a.x, b.x) && p.x <= max(a.x, b.x) && p.y >= min(a.y, b.y) && p.y <= max(a.y, b.y)
    }
}
