import RTLSPostgres
import Testing

/// ``PGConnection/runScript(_:continuing:)``: a transaction of statements and COPYs in one round trip.
@Suite("PGConnection scripts")
struct PGConnectionScriptTests {
    /// A binary COPY stream of `values` for a one-column int table.
    static func ints(_ values: [Int32]) -> [UInt8] {
        var copy = BinaryCopyWriter()
        for v in values {
            copy.beginRow(fieldCount: 1)
            copy.append(v)
        }
        copy.finish()
        return copy.bytes
    }

    @Test("statements and two COPYs run in order and report their rows")
    func runsInOrder() throws {
        try TestDatabase.withSchema { connection, _ in
            try connection.execute("CREATE TABLE t (a int PRIMARY KEY)")
            let outcome = try connection.runScript([
                ScriptStatement("BEGIN"),
                ScriptStatement("INSERT INTO t VALUES (100) RETURNING a"),
                ScriptStatement("COPY t (a) FROM STDIN (FORMAT binary)", copyData: Self.ints([1, 2, 3])),
                ScriptStatement("COPY t (a) FROM STDIN (FORMAT binary)", copyData: Self.ints([4, 5])),
                ScriptStatement("UPDATE t SET a = a + 10 WHERE a < 3"),
                ScriptStatement("COMMIT"),
            ])
            #expect(outcome == ScriptOutcome(rows: [0, 1, 3, 2, 2, 0], stopped: false))
            #expect(try connection.query("SELECT string_agg(a::text, ',' ORDER BY a) FROM t") == [["3,4,5,11,12,100"]])
            #expect(!connection.isInTransaction)
        }
    }

    @Test("a stop before a COPY sends none of its rows and leaves the transaction to roll back")
    func stops() throws {
        try TestDatabase.withSchema { connection, _ in
            try connection.execute("CREATE TABLE t (a int PRIMARY KEY); INSERT INTO t VALUES (1)")
            var asked: [Int] = []
            let outcome = try connection.runScript([
                ScriptStatement("BEGIN"),
                ScriptStatement("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING RETURNING a"),
                ScriptStatement("COPY t (a) FROM STDIN (FORMAT binary)", copyData: Self.ints([7, 8])),
                ScriptStatement("COMMIT"),
            ]) { index, rows in
                asked.append(index)
                return rows == 1
            }
            #expect(outcome.stopped)
            #expect(asked == [1])
            #expect(connection.isInTransaction)
            try connection.rollback()
            #expect(try connection.query("SELECT count(*) FROM t") == [["1"]])
        }
    }

    @Test("an error skips the rest of the script (COMMIT included) and is thrown with its SQLSTATE")
    func errorSkipsRest() throws {
        try TestDatabase.withSchema { connection, _ in
            try connection.execute("CREATE TABLE t (a int PRIMARY KEY)")
            let error = try #require(throws: DatabaseError.self) {
                try connection.runScript([
                    ScriptStatement("BEGIN"),
                    ScriptStatement("COPY t (a) FROM STDIN (FORMAT binary)", copyData: Self.ints([1, 2])),
                    ScriptStatement("COPY t (a) FROM STDIN (FORMAT binary)", copyData: Self.ints([2])),
                    ScriptStatement("INSERT INTO t VALUES (9)"),
                    ScriptStatement("COMMIT"),
                ])
            }
            #expect(error.code == .copyFailed)
            #expect(error.sqlState == "23505")
            #expect(connection.isInTransaction)
            try connection.rollback()
            #expect(try connection.query("SELECT count(*) FROM t") == [["0"]])
        }
    }

    @Test("literal quotes a value so it reads back unchanged")
    func literal() throws {
        try TestDatabase.withSchema { connection, _ in
            for text in ["plain", "it's", "back\\slash", "semi;colon", "ünï"] {
                let literal = try connection.literal(text)
                #expect(try connection.query("SELECT \(literal)") == [[text]])
            }
        }
    }
}
