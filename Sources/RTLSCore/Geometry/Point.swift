/// A point on a plane: floor metres (`x`, `y`), or longitude/latitude in degrees for GPS zones.
public struct Point: Sendable, BitwiseCopyable, Hashable {
    /// East (metres on a floor plan, or longitude).
    public var x: Double
    /// North (metres on a floor plan, or latitude).
    public var y: Double

    /// Creates a point.
    @inlinable public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
