import Foundation
import RTLSPostgres
import Testing

@Suite("PGConnection")
struct PGConnectionTests {
    @Test("query returns text rows with NULLs and passes parameters as values")
    func queryRoundTrip() throws {
        try TestDatabase.withSchema { connection, _ in
            #expect(connection.isConnected)
            let rows = try connection.query("SELECT $1::text, $2::int + 1, NULL::text", ["it's \"quoted\"", "41"])
            #expect(rows.count == 1)
            #expect(rows[0][0] == "it's \"quoted\"")
            #expect(rows[0][1] == "42")
            #expect(rows[0][2] == nil)
            #expect(try connection.query("SELECT $1::text IS NULL", [nil]) == [["t"]])
        }
    }

    @Test("execute runs several statements; errors carry SQLSTATE and no parameter values")
    func errors() throws {
        try TestDatabase.withSchema { connection, _ in
            try connection.execute("CREATE TABLE t (a int PRIMARY KEY); INSERT INTO t VALUES (1)")
            #expect(try connection.query("SELECT count(*) FROM t") == [["1"]])
            let error = try #require(throws: DatabaseError.self) {
                try connection.query("INSERT INTO t VALUES ($1)", ["1"], operation: "inserting into t")
            }
            #expect(error.code == .queryFailed)
            #expect(error.sqlState == "23505")
            #expect(error.description.contains("inserting into t"))
            #expect(error.description.contains("127.0.0.1") || error.description.contains("localhost"))
            #expect(!error.description.contains("(1)"))  // DETAIL "Key (a)=(1) already exists" is not included
        }
    }

    @Test("a failed COMMIT is reported and the connection stays usable")
    func failedTransaction() throws {
        try TestDatabase.withSchema { connection, _ in
            try connection.begin()
            #expect(throws: DatabaseError.self) { try connection.execute("SELECT 1/0") }
            #expect(connection.isInTransaction)
            let error = try #require(throws: DatabaseError.self) { try connection.commit() }
            #expect(error.code == .transactionFailed)
            #expect(!connection.isInTransaction)
            #expect(try connection.query("SELECT 2") == [["2"]])
        }
    }

    @Test("copyIn stores binary rows and reports the row count; bad data fails cleanly")
    func copy() throws {
        try TestDatabase.withSchema { connection, _ in
            try connection.execute("CREATE TABLE c (a int NOT NULL, b text)")
            let table = CopyTable(name: "c", columns: ["a", "b"])
            var writer = BinaryCopyWriter()
            for i in 0..<500 {
                writer.beginRow(fieldCount: table.fieldCount)
                writer.append(Int32(i))
                writer.append(i.isMultiple(of: 2) ? "v\(i)" : nil)
            }
            writer.finish()
            #expect(try connection.copyIn(table.copyStatement, data: writer.bytes) == 500)
            #expect(try connection.query("SELECT count(*), count(b), sum(a) FROM c") == [["500", "250", "124750"]])

            writer.reset()
            writer.beginRow(fieldCount: 2)
            writer.appendNull()  // violates NOT NULL
            writer.append("x")
            writer.finish()
            let error = try #require(throws: DatabaseError.self) {
                try connection.copyIn(table.copyStatement, data: writer.bytes, operation: "COPY into c")
            }
            #expect(error.code == .copyFailed)
            #expect(error.sqlState == "23502")
            #expect(try connection.query("SELECT count(*) FROM c") == [["500"]])
        }
    }

    @Test("a refused connection names host:port/db but not the password")
    func connectionFailed() throws {
        let error = try #require(throws: DatabaseError.self) {
            _ = try PGConnection(conninfo: "host=127.0.0.1 port=1 dbname=nope user=x password=s3cret connect_timeout=2")
        }
        #expect(error.code == .connectionFailed)
        #expect(error.endpoint == "127.0.0.1:1/nope")
        #expect(!error.description.contains("s3cret"))
        #expect(error.isTransient)
    }

    @Test("a killed backend reports connectionLost and reset() reconnects")
    func resetAfterTermination() throws {
        try TestDatabase.withSchema { connection, schema in
            let error = try #require(throws: DatabaseError.self) {
                try connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
            }
            #expect(error.code == .connectionLost)
            #expect(error.isTransient)
            #expect(!connection.isConnected)
            try connection.reset()
            #expect(connection.isConnected)
            // The conninfo options (search_path) survive the reconnect.
            #expect(try connection.query("SELECT current_schema()") == [[schema]])
        }
    }

    @Test("a cancel handle stops the statement in progress from another thread; the connection stays usable")
    func cancelFromAnotherThread() throws {
        try TestDatabase.withSchema { connection, _ in
            let handle = try #require(connection.cancelHandle())
            let canceller = Thread {
                Thread.sleep(forTimeInterval: 0.3)
                handle.cancelStatement()
            }
            canceller.start()
            let error = try #require(throws: DatabaseError.self) { try connection.execute("SELECT pg_sleep(60)") }
            #expect(error.sqlState == "57014")  // query_canceled
            #expect(try connection.query("SELECT 1") == [["1"]])
            #expect(handle.cancelStatement().sent)  // nothing running: sent, nothing happens
            #expect(try connection.query("SELECT 2") == [["2"]])
        }
    }
}
