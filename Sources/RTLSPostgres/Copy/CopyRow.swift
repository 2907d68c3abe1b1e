/// One row of a ``CopyTable``: knows its table and writes its fields in the table's column order.
///
/// Location and sensor readings conform today; alerts, zone events and asset-location snapshots
/// follow the same shape: a small struct holding the value plus the reference ids resolved for it.
public protocol CopyRow {
    /// The table and its column order.
    static var table: CopyTable { get }
    /// Writes `beginRow` and exactly `table.fieldCount` fields.
    func encode(into writer: inout BinaryCopyWriter)
}
