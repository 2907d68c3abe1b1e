// Imports libpq for the one-round-trip script below; the SAFETY note at the top of
// PGConnection.swift applies to every `unsafe` here (each PGresult* is cleared by a `defer` in the
// loop that obtained it; strings are copied out before that).
private import CLibPQ

/// One statement of a ``PGConnection/runScript(_:continuing:)`` script.
public struct ScriptStatement {
    /// Writes a COPY's data in pieces through `send` when the server asks for it, so the server
    /// stores the first rows while the rest are still being encoded.
    public typealias CopyStream = (_ send: ([UInt8]) -> Void) throws(DatabaseError) -> Void

    /// The SQL, without a trailing `;`, and with no `;` of its own (statements are joined with `;`).
    public var sql: String
    /// For a `COPY … FROM STDIN`: the whole data stream (header, rows, trailer); `nil` otherwise.
    public var copyData: [UInt8]?
    /// For a `COPY … FROM STDIN` whose data is made as it is sent (instead of `copyData`).
    public var copyStream: CopyStream?

    /// A statement, with the data its COPY reads when it is one.
    public init(_ sql: String, copyData: [UInt8]? = nil) {
        self.sql = sql
        self.copyData = copyData
    }

    /// A `COPY … FROM STDIN` whose data `stream` writes in pieces (header first, trailer last).
    public init(_ sql: String, copyStream: @escaping CopyStream) {
        self.sql = sql
        self.copyStream = copyStream
    }
}

/// What a script did.
public struct ScriptOutcome: Sendable, Equatable {
    /// Per statement that completed, in order: rows returned (a query) or affected (a command, COPY).
    public var rows: [Int] = []
    /// `true` when the `continuing` check said stop: every COPY from then on was aborted, the rest of
    /// the script was skipped by the server and the transaction (if one was open) is failed: roll back.
    public var stopped = false

    /// An outcome (for comparisons in tests).
    public init(rows: [Int] = [], stopped: Bool = false) {
        self.rows = rows
        self.stopped = stopped
    }
}

extension PGConnection {
    /// Runs `statements` as one simple-query string: one round trip however many statements and
    /// COPYs it holds (each COPY's data is sent when the server asks for it).
    ///
    /// The server runs the statements in order and skips the rest at the first error, so a script
    /// that starts with `BEGIN` and ends with `COMMIT` commits all or nothing.
    ///
    /// - Parameters:
    ///   - statements: the script.
    ///   - continuing: called with a statement's index and row count when it returned rows; `false`
    ///     stops the script (see ``ScriptOutcome/stopped``).
    /// - Returns: rows per completed statement, and whether it was stopped.
    /// - Throws: ``DatabaseError`` (`queryFailed`, `copyFailed`, `connectionLost`) for the first
    ///   statement the server refused; statements after it did not run.
    public func runScript(
        _ statements: [ScriptStatement], continuing: (_ index: Int, _ rows: Int) -> Bool = { _, _ in true }
    ) throws(DatabaseError) -> ScriptOutcome {
        let sql = statements.map(\.sql).joined(separator: ";\n")
        guard unsafe PQsendQuery(self.handle, sql) == 1 else {
            throw DatabaseError(
                self.isConnected ? .queryFailed : .connectionLost, endpoint: self.endpoint,
                operation: "sending batch script", serverMessage: self.lastErrorMessage())
        }
        var outcome = ScriptOutcome()
        var failure: DatabaseError?
        // Read every result until NULL, whatever happens, so the connection is idle afterwards.
        while let result = unsafe PQgetResult(self.handle) {
            defer { unsafe PQclear(result) }
            let index = outcome.rows.count
            let operation = index < statements.count ? Self.operation(of: statements[index].sql) : "batch script"
            switch unsafe PQresultStatus(result) {
            case PGRES_COMMAND_OK:
                outcome.rows.append(Int(unsafe PQcmdTuples(result).map { unsafe String(cString: $0) } ?? "") ?? 0)
            case PGRES_TUPLES_OK:
                let rows = Int(unsafe PQntuples(result))
                outcome.rows.append(rows)
                if !outcome.stopped, !continuing(index, rows) { outcome.stopped = true }
            case PGRES_COPY_IN:
                let statement = index < statements.count ? statements[index] : nil
                var sendError: String?
                if outcome.stopped || failure != nil {
                    sendError = "rtlsd stopped the batch script"
                } else if let data = statement?.copyData {
                    sendError = self.putCopyData(data)
                } else if let stream = statement?.copyStream {
                    do throws(DatabaseError) {
                        try stream { piece in if sendError == nil { sendError = self.putCopyData(piece) } }
                    } catch {
                        failure = error
                        sendError = sendError ?? "rtlsd could not encode the rows"
                    }
                } else {
                    sendError = "no data for this COPY"
                }
                if unsafe PQputCopyEnd(self.handle, sendError) != 1, failure == nil {
                    failure = DatabaseError(
                        self.isConnected ? .copyFailed : .connectionLost, endpoint: self.endpoint,
                        operation: operation, serverMessage: self.lastErrorMessage())
                }
            case PGRES_EMPTY_QUERY:
                outcome.rows.append(0)
            default:
                if failure == nil {
                    let code: DatabaseError.Code = operation.hasPrefix("COPY") ? .copyFailed : .queryFailed
                    failure = unsafe self.error(from: result, code: code, operation: operation)
                }
            }
        }
        if outcome.stopped { return outcome }
        if let failure { throw failure }
        guard outcome.rows.count == statements.count else {
            throw DatabaseError(
                self.isConnected ? .unexpectedResult : .connectionLost, endpoint: self.endpoint,
                operation: "batch script",
                serverMessage: "\(outcome.rows.count) of \(statements.count) statements reported a result")
        }
        return outcome
    }

    /// `text` as an SQL string literal (quotes doubled, `E''` when it holds a backslash), for the
    /// few values a script carries inline; libpq quotes it for this connection's encoding.
    public func literal(_ text: String) throws(DatabaseError) -> String {
        let utf8 = Array(text.utf8)
        guard let quoted = unsafe PQescapeLiteral(self.handle, text, utf8.count) else {
            throw DatabaseError(
                .queryFailed, endpoint: self.endpoint, operation: "quoting a value",
                serverMessage: self.lastErrorMessage())
        }
        defer { unsafe PQfreemem(quoted) }
        return unsafe String(cString: quoted)
    }

    /// The first words of a statement, for error messages (`COPY location_readings`, `INSERT INTO ingest_batches`).
    private static func operation(of sql: String) -> String {
        sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(3).joined(separator: " ")
    }
}
