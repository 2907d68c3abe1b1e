/// A uniform grid over a set of polygons that answers "which polygon holds this point" without
/// testing every polygon.
///
/// Each cell lists the polygons whose bounding box overlaps it (stored flat, CSR style, so a
/// lookup touches two arrays and allocates nothing). When several polygons hold the point (a room
/// inside a ward) the one with the smallest area wins; equal areas go to the lower index.
public struct PolygonIndex: Sendable {
    private let polygons: [Polygon]
    private let ids: [Int32]
    private let bounds: BoundingBox
    private let columns: Int
    private let rows: Int
    private let cellWidth: Double
    private let cellHeight: Double
    private let cellStart: [Int32]
    private let cellItems: [Int32]

    /// Builds the index over `polygons`, each tagged with an id returned by ``lookup(_:)``.
    public init(_ entries: [(id: Int32, polygon: Polygon)]) {
        self.polygons = entries.map(\.polygon)
        self.ids = entries.map(\.id)
        var box = entries.first?.polygon.bounds ?? BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)
        for e in entries { box.formUnion(e.polygon.bounds) }
        self.bounds = box
        let side = max(1, min(256, Int(Double(entries.count).squareRoot().rounded(.up)) * 2))
        self.columns = side
        self.rows = side
        self.cellWidth = max((box.maxX - box.minX) / Double(side), 1e-12)
        self.cellHeight = max((box.maxY - box.minY) / Double(side), 1e-12)
        var buckets = [[Int32]](repeating: [], count: side * side)
        for (i, polygon) in self.polygons.enumerated() {
            let b = polygon.bounds
            let c0 = Self.clamp(Int((b.minX - box.minX) / self.cellWidth), side)
            let c1 = Self.clamp(Int((b.maxX - box.minX) / self.cellWidth), side)
            let r0 = Self.clamp(Int((b.minY - box.minY) / self.cellHeight), side)
            let r1 = Self.clamp(Int((b.maxY - box.minY) / self.cellHeight), side)
            for r in r0...r1 {
                for c in c0...c1 { buckets[r * side + c].append(Int32(i)) }
            }
        }
        var start: [Int32] = [0]
        var items: [Int32] = []
        for bucket in buckets {
            items.append(contentsOf: bucket)
            start.append(Int32(items.count))
        }
        self.cellStart = start
        self.cellItems = items
    }

    /// Number of polygons indexed.
    public var count: Int { self.polygons.count }

    /// The id of the smallest polygon holding `p` (border included), or `nil`.
    public func lookup(_ p: Point) -> Int32? {
        guard !self.polygons.isEmpty, self.bounds.contains(p) else { return nil }
        let c = Self.clamp(Int((p.x - self.bounds.minX) / self.cellWidth), self.columns)
        let r = Self.clamp(Int((p.y - self.bounds.minY) / self.cellHeight), self.rows)
        let cell = r * self.columns + c
        var best: Int = -1
        var bestArea = Double.infinity
        for k in Int(self.cellStart[cell])..<Int(self.cellStart[cell + 1]) {
            let i = Int(self.cellItems[k])
            let polygon = self.polygons[i]
            guard polygon.area < bestArea || (polygon.area == bestArea && i < best) else { continue }
            if polygon.contains(p) {
                best = i
                bestArea = polygon.area
            }
        }
        return best >= 0 ? self.ids[best] : nil
    }

    @inline(__always)
    private static func clamp(_ v: Int, _ n: Int) -> Int { min(max(v, 0), n - 1) }
}
