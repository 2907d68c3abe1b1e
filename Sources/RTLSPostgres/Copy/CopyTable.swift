/// A table that rows are copied into, with the column order every row of it must follow.
public struct CopyTable: Sendable, Hashable {
    /// The table name (unqualified: it resolves through the connection's `search_path`).
    public let name: String
    /// The columns, in the order each row writes its fields.
    public let columns: [String]

    /// Describes a table and its COPY column order.
    public init(name: String, columns: [String]) {
        precondition(!columns.isEmpty && columns.count <= Int(Int16.max), "CopyTable: bad column count")
        self.name = name
        self.columns = columns
    }

    /// Fields per row, the value of each row's field-count word.
    public var fieldCount: Int16 { Int16(self.columns.count) }

    /// `COPY name (columns) FROM STDIN (FORMAT binary)`.
    public var copyStatement: String {
        "COPY \(self.name) (\(self.columns.joined(separator: ", "))) FROM STDIN (FORMAT binary)"
    }
}
