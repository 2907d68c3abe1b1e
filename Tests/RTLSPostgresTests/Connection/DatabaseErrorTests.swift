import RTLSPostgres
import Testing

@Suite("DatabaseError")
struct DatabaseErrorTests {
    @Test("description names the server, the operation, the code and the server's message")
    func description() {
        let error = DatabaseError(
            .copyFailed, endpoint: "10.20.0.5:5432/rtls", operation: "COPY into location_readings",
            sqlState: "23514", serverMessage: "new row violates check constraint \"battery_range\"")
        #expect(
            error.description == "PostgreSQL at 10.20.0.5:5432/rtls: COPY into location_readings failed "
                + "(copy_failed), SQLSTATE 23514: new row violates check constraint \"battery_range\"")
    }

    @Test(
        "transient errors are the ones a retry on a fresh connection can fix",
        arguments: [
            (DatabaseError.Code.connectionFailed, nil, true), (.connectionLost, nil, true),
            (.queryFailed, "40001", true),
            (.queryFailed, "57P01", true), (.queryFailed, "53100", true), (.copyFailed, "23505", false),
            (.copyFailed, "22P02", false), (.migrationFailed, nil, false),
        ] as [(DatabaseError.Code, String?, Bool)])
    func transient(code: DatabaseError.Code, sqlState: String?, expected: Bool) {
        #expect(DatabaseError(code, sqlState: sqlState).isTransient == expected)
    }

    @Test("codes compare and print as stable snake_case names")
    func codes() {
        #expect(DatabaseError.Code.connectionLost.description == "connection_lost")
        #expect(DatabaseError.Code.copyFailed != .queryFailed)
    }
}
