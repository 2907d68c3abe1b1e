/// Why the site model (or a rule set built against it) is inconsistent.
///
/// Thrown as a bare code plus the offending key; the config loader adds the file and line.
public struct SiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case duplicateName = "duplicate_name"
            case unknownReference = "unknown_reference"
            case invalidGeometry = "invalid_geometry"
            case nameTooLong = "name_too_long"
            case invalidValue = "invalid_value"
        }
        private let base: Base

        /// Two elements of the same kind share a name.
        public static let duplicateName = Code(base: .duplicateName)
        /// A name refers to a zone, floor, building or gateway that does not exist.
        public static let unknownReference = Code(base: .unknownReference)
        /// A polygon has fewer than three points, no area, or a non-finite coordinate.
        public static let invalidGeometry = Code(base: .invalidGeometry)
        /// A name or id is longer than rtlsd stores inline.
        public static let nameTooLong = Code(base: .nameTooLong)
        /// A value is out of its allowed range.
        public static let invalidValue = Code(base: .invalidValue)

        /// Stable snake_case name.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// The key at fault (`floor`, `polygon`, `antennas.2`).
    public var key: String
    /// What was wrong, in words (`zone "ICU-9" is not defined`).
    public var detail: String

    /// Creates a site error.
    public init(_ code: Code, key: String, detail: String) {
        self.code = code
        self.key = key
        self.detail = detail
    }

    public var description: String { "\(self.key): \(self.detail)" }
}
