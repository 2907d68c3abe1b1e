/// The fixed parts of PostgreSQL's binary COPY stream.
///
/// A stream is the 11-byte signature `PGCOPY\n\377\r\n\0`, a 32-bit flags word (0: no OIDs), a
/// 32-bit header-extension length (0), then rows; each row is a 16-bit field count followed by the
/// fields, and the stream ends with a 16-bit `-1`.
public enum CopyHeader {
    /// The 11-byte signature that opens every binary COPY stream.
    public static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]
    /// Signature, flags (0) and header extension length (0): the 19 bytes before the first row.
    public static let bytes: [UInt8] = signature + [0, 0, 0, 0] + [0, 0, 0, 0]
    /// The field-count word that marks the end of the stream.
    public static let trailer: Int16 = -1
    /// The length word that marks a NULL field.
    public static let nullLength: Int32 = -1
}
