extension DecodeError {
    /// This error with `prefix` put in front of its field path: `antenna` within `data` is
    /// `data.antenna`, and within `[3]` it is `[3].antenna`.
    ///
    /// - Parameter prefix: A key (`data`) or an array position (`[3]`).
    /// - Returns: The error with the longer path.
    public func within(_ prefix: String) -> DecodeError {
        var copy = self
        if copy.field.isEmpty {
            copy.field = prefix
        } else if copy.field.first == "[" {
            copy.field = prefix + copy.field
        } else {
            copy.field = prefix + "." + copy.field
        }
        return copy
    }

    /// This error located at position `index` of a batched payload.
    public func within(index: Int) -> DecodeError { self.within("[\(index)]") }

    /// A required field is absent.
    static func missing(_ field: String) -> DecodeError {
        DecodeError(.missingField, field: field, detail: "is required")
    }
}
