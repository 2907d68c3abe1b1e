import RTLSCore
import RTLSPostgres
import Testing

@Suite("BinaryCopyWriter")
struct BinaryCopyWriterTests {
    @Test("an empty stream is header plus trailer")
    func emptyStream() throws {
        var writer = BinaryCopyWriter()
        writer.finish()
        #expect(writer.bytes.count == 19 + 2)
        #expect(try decodeCopyStream(writer.bytes).isEmpty)
    }

    @Test("rows with NULLs decode back")
    func rowsAndNulls() throws {
        var writer = BinaryCopyWriter()
        for i in 0..<3 {
            writer.beginRow(fieldCount: 3)
            writer.append(Int32(i))
            writer.append(i == 1 ? nil : Double(i) / 2)
            writer.appendNull()
        }
        writer.finish()
        writer.finish()  // idempotent
        let rows = try decodeCopyStream(writer.bytes)
        #expect(writer.rowCount == 3)
        #expect(rows.count == 3)
        #expect(try rows.map { try integer(#require($0[0]), as: Int32.self) } == [0, 1, 2])
        #expect(rows[1][1] == nil)
        #expect(try float8(#require(rows[2][1])) == 1.0)
        #expect(rows.allSatisfy { $0[2] == nil })
    }

    @Test("reset keeps capacity and starts a fresh stream")
    func resetKeepsCapacity() throws {
        var writer = BinaryCopyWriter(reservingCapacity: 16)
        for i in 0..<1000 {
            writer.beginRow(fieldCount: 1)
            writer.append(Int64(i))
        }
        writer.finish()
        let capacity = writer.bytes.capacity
        writer.reset()
        #expect(writer.bytes.capacity == capacity)
        #expect(writer.isEmpty && !writer.isFinished)
        writer.beginRow(fieldCount: 1)
        writer.append("x")
        writer.finish()
        let rows = try decodeCopyStream(writer.bytes)
        #expect(rows.count == 1)
        #expect(text(try #require(rows[0][0])) == "x")
    }

    @Test("CopyTable builds the COPY statement in column order")
    func copyStatement() {
        let table = CopyTable(name: "t", columns: ["a", "b"])
        #expect(table.copyStatement == "COPY t (a, b) FROM STDIN (FORMAT binary)")
        #expect(table.fieldCount == 2)
    }
}
