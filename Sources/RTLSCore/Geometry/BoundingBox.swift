/// An axis-aligned rectangle, used to reject points before the exact polygon test.
public struct BoundingBox: Sendable, BitwiseCopyable, Equatable {
    /// Smallest x (or longitude).
    public var minX: Double
    /// Smallest y (or latitude).
    public var minY: Double
    /// Largest x (or longitude).
    public var maxX: Double
    /// Largest y (or latitude).
    public var maxY: Double

    /// Creates a box from its corners.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The smallest box holding every point, or `nil` for no points.
    public init?(points: [Point]) {
        guard let first = points.first else { return nil }
        self.init(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        for p in points.dropFirst() { self.formUnion(p) }
    }

    /// Grows the box to include `p`.
    public mutating func formUnion(_ p: Point) {
        self.minX = Swift.min(self.minX, p.x)
        self.minY = Swift.min(self.minY, p.y)
        self.maxX = Swift.max(self.maxX, p.x)
        self.maxY = Swift.max(self.maxY, p.y)
    }

    /// Grows the box to include `other`.
    public mutating func formUnion(_ other: BoundingBox) {
        self.formUnion(Point(x: other.minX, y: other.minY))
        self.formUnion(Point(x: other.maxX, y: other.maxY))
    }

    /// `true` when `p` lies inside or on the border.
    @inlinable public func contains(_ p: Point) -> Bool {
        p.x >= self.minX && p.x <= self.maxX && p.y >= self.minY && p.y <= self.maxY
    }
}
