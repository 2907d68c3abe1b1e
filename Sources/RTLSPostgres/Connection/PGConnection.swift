// With PGConnection+Script.swift, the only files that import libpq. Everything here is blocking: call it from the writer's own
// thread, never from the cooperative pool.
//
// SAFETY (applies to every `unsafe` below unless a local comment says more): the PGconn* is valid
// for the object's lifetime (see `handle`); every PGresult* is cleared exactly once, by a `defer`
// (or an explicit PQclear on the one early path) in the function that obtained it, and every C
// string read from a result or the connection is copied into a Swift `String` before that. No
// pointer from libpq escapes this file.
private import CLibPQ

/// One blocking libpq connection, owned by one thread (the writer).
///
/// Speaks Swift to the rest of rtlsd: statements in, `[[String?]]` or row counts out, failures as
/// ``DatabaseError``. Results are read in text format except COPY, which sends binary rows built by
/// ``BinaryCopyWriter``. Notices (`relation … already exists, skipping`) are dropped rather than
/// printed to stderr.
///
/// - Important: Not `Sendable`. Create, use and drop it on one thread.
@safe
public final class PGConnection {
    // SAFETY: `handle` is the PGconn* from PQconnectdb, non-nil from init until deinit (PQconnectdb
    // only returns NULL when out of memory, which init turns into an error). It is never shared: the
    // class is not Sendable and the pointer never leaves this file. PQfinish runs once, in deinit.
    // Internal (not private) for PGConnection+Script.swift, the other file that imports libpq.
    let handle: OpaquePointer

    /// The server as `host:port/db`, for messages; never includes the password.
    public let endpoint: String

    /// Opens a connection.
    ///
    /// - Parameter conninfo: a libpq connection string, keyword form (`host=… port=… dbname=…`) or
    ///   URI (`postgresql://…`). Passwords belong in a passfile (`passfile=` or `PGPASSFILE`); the
    ///   string itself is never logged or put in errors.
    /// - Throws: ``DatabaseError/Code-swift.struct/connectionFailed`` when the server is unreachable
    ///   or refuses the login.
    public init(conninfo: String) throws(DatabaseError) {
        self.endpoint = PGConnection.endpoint(of: conninfo)
        guard let conn = unsafe PQconnectdb(conninfo) else {
            throw DatabaseError(
                .connectionFailed, endpoint: self.endpoint, operation: "connect",
                serverMessage: "libpq could not allocate a connection")
        }
        unsafe self.handle = conn
        // SAFETY: a C function pointer with no captures; libpq calls it on this thread during a
        // statement, with pointers valid for the call only; it touches nothing.
        unsafe PQsetNoticeProcessor(conn, { _, _ in }, nil)
        guard unsafe PQstatus(conn) == CONNECTION_OK else {
            throw DatabaseError(
                .connectionFailed, endpoint: self.endpoint, operation: "connect",
                serverMessage: self.lastErrorMessage())
        }
    }

    deinit {
        unsafe PQfinish(self.handle)
    }

    /// `true` while the connection is usable (libpq status OK).
    public var isConnected: Bool { unsafe PQstatus(self.handle) == CONNECTION_OK }

    /// `true` between a successful `BEGIN` and its `COMMIT`/`ROLLBACK` (also when the transaction failed).
    public var isInTransaction: Bool {
        let status = unsafe PQtransactionStatus(self.handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Closes and reopens the connection with the same parameters.
    ///
    /// - Throws: ``DatabaseError/Code-swift.struct/connectionFailed`` when the server still does not answer.
    public func reset() throws(DatabaseError) {
        unsafe PQreset(self.handle)
        guard self.isConnected else {
            throw DatabaseError(
                .connectionFailed, endpoint: self.endpoint, operation: "reconnect",
                serverMessage: self.lastErrorMessage())
        }
    }

    /// Runs one or more statements with the simple query protocol (no parameters, no results).
    ///
    /// - Parameter sql: SQL text; several statements separated by `;` run in one round trip.
    /// - Throws: ``DatabaseError/Code-swift.struct/queryFailed`` (or `connectionLost`) with the server's SQLSTATE.
    public func execute(_ sql: String, operation: String = "statement") throws(DatabaseError) {
        let result = unsafe PQexec(self.handle, sql)
        defer { unsafe PQclear(result) }
        try unsafe self.check(
            result, expecting: PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY,
            code: .queryFailed, operation: operation)
    }

    /// Runs one statement with text parameters and returns its rows as text.
    ///
    /// - Parameters:
    ///   - sql: one statement using `$1`, `$2` … placeholders.
    ///   - params: parameter values as text; `nil` is SQL NULL. Values never appear in errors.
    /// - Returns: the rows, each an array of column values (`nil` for NULL); empty for commands.
    /// - Throws: ``DatabaseError/Code-swift.struct/queryFailed`` (or `connectionLost`).
    @discardableResult
    public func query(_ sql: String, _ params: [String?] = [], operation: String = "query")
        throws(DatabaseError) -> [[String?]]
    {
        // All values go into one NUL-separated byte buffer; `offsets[i]` is where value i starts.
        var storage: [CChar] = []
        var offsets: [Int?] = []
        offsets.reserveCapacity(params.count)
        for value in params {
            guard let value else { offsets.append(nil); continue }
            offsets.append(storage.count)
            storage.append(contentsOf: value.utf8CString)
        }
        let result = unsafe storage.withUnsafeBufferPointer { bytes in
            // SAFETY: every pointer points into `bytes` at the start of a NUL-terminated value and is
            // used only during PQexecParams, inside this closure; libpq does not keep them.
            let values: [UnsafePointer<CChar>?] = unsafe offsets.map { offset in
                guard let offset, let base = bytes.baseAddress else { return nil }
                return unsafe base + offset
            }
            return unsafe values.withUnsafeBufferPointer { pointers in
                unsafe PQexecParams(self.handle, sql, Int32(params.count), nil, pointers.baseAddress, nil, nil, 0)
            }
        }
        defer { unsafe PQclear(result) }
        try unsafe self.check(
            result, expecting: PGRES_COMMAND_OK, PGRES_TUPLES_OK,
            code: .queryFailed, operation: operation)
        guard let result = unsafe result else { return [] }
        let rowCount = Int(unsafe PQntuples(result))
        let columnCount = Int(unsafe PQnfields(result))
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var row: [String?] = []
            row.reserveCapacity(columnCount)
            for c in 0..<columnCount {
                if unsafe PQgetisnull(result, Int32(r), Int32(c)) != 0 {
                    row.append(nil)
                } else if let value = unsafe PQgetvalue(result, Int32(r), Int32(c)) {
                    // SAFETY: PQgetvalue returns a NUL-terminated string owned by `result`, which
                    // is alive until the deferred PQclear; String copies it.
                    row.append(unsafe String(cString: value))
                } else {
                    row.append(nil)
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// Sends a whole `COPY … FROM STDIN` data stream and returns the number of rows the server stored.
    ///
    /// - Parameters:
    ///   - copyStatement: the `COPY table (columns) FROM STDIN (FORMAT binary)` statement.
    ///   - data: the complete stream (header, rows, trailer) as built by ``BinaryCopyWriter``.
    /// - Returns: rows copied, as the server reports them.
    /// - Throws: ``DatabaseError/Code-swift.struct/copyFailed`` when the server rejects the statement
    ///   or the data; the connection is back in the idle (or failed-transaction) state afterwards.
    @discardableResult
    public func copyIn(_ copyStatement: String, data: [UInt8], operation: String = "COPY")
        throws(DatabaseError) -> Int
    {
        let start = unsafe PQexec(self.handle, copyStatement)
        let startStatus = unsafe PQresultStatus(start)
        if startStatus != PGRES_COPY_IN {
            defer { unsafe PQclear(start) }
            try unsafe self.check(start, expecting: PGRES_COPY_IN, code: .copyFailed, operation: operation)
            throw DatabaseError(
                .unexpectedResult, endpoint: self.endpoint, operation: operation,
                serverMessage: "COPY did not enter COPY IN state")
        }
        unsafe PQclear(start)

        var sendError = self.putCopyData(data)
        // End the stream; on a send error ask the server to fail the COPY so it leaves COPY state.
        if unsafe PQputCopyEnd(self.handle, sendError == nil ? nil : "rtlsd aborted the COPY") != 1 {
            sendError = sendError ?? self.lastErrorMessage()
        }
        // Collect every result until NULL; the COPY's own result says whether the rows were stored.
        var failure: DatabaseError?
        var rows = 0
        while let result = unsafe PQgetResult(self.handle) {
            defer { unsafe PQclear(result) }
            let status = unsafe PQresultStatus(result)
            if status == PGRES_COMMAND_OK {
                if let tuples = unsafe PQcmdTuples(result) { rows = Int(unsafe String(cString: tuples)) ?? 0 }
            } else if failure == nil {
                failure = unsafe self.error(from: result, code: .copyFailed, operation: operation)
            }
        }
        if let failure { throw failure }
        if let sendError {
            throw DatabaseError(
                self.isConnected ? .copyFailed : .connectionLost, endpoint: self.endpoint,
                operation: operation, serverMessage: sendError)
        }
        return rows
    }

    /// Starts a transaction.
    public func begin() throws(DatabaseError) {
        try self.transactionStatement("BEGIN")
    }

    /// Commits the current transaction; a failed transaction reports its COMMIT as an error.
    public func commit() throws(DatabaseError) {
        let result = unsafe PQexec(self.handle, "COMMIT")
        defer { unsafe PQclear(result) }
        try unsafe self.check(result, expecting: PGRES_COMMAND_OK, code: .transactionFailed, operation: "COMMIT")
        // COMMIT of an aborted transaction succeeds with the tag ROLLBACK: that is a failure to us.
        if let tag = unsafe PQcmdStatus(result), unsafe String(cString: tag) == "ROLLBACK" {
            throw DatabaseError(
                .transactionFailed, endpoint: self.endpoint, operation: "COMMIT",
                serverMessage: "the transaction had failed and was rolled back")
        }
    }

    /// Rolls back the current transaction (a no-op outside one).
    public func rollback() throws(DatabaseError) {
        try self.transactionStatement("ROLLBACK")
    }


    /// Sends `data` to the COPY in progress; returns libpq's message when a slice could not be queued.
    func putCopyData(_ data: [UInt8]) -> String? {
        // Send in slices: PQputCopyData takes an Int32 length, and libpq copies each slice into its
        // output buffer, so smaller slices keep that buffer small. In blocking mode it returns 1
        // (queued) or -1 (error); 0 only happens in non-blocking mode.
        let sliceSize = 1 << 20
        var sendError: String?
        var offset = 0
        while offset < data.count && sendError == nil {
            let end = min(offset + sliceSize, data.count)
            let sent = unsafe data.withUnsafeBufferPointer { buffer in
                // SAFETY: offset..<end lies inside `buffer`; libpq copies the bytes before returning.
                unsafe buffer.baseAddress.map { base in
                    unsafe (base + offset).withMemoryRebound(to: CChar.self, capacity: end - offset) {
                        unsafe PQputCopyData(self.handle, $0, Int32(end - offset))
                    }
                } ?? 1
            }
            if sent != 1 { sendError = self.lastErrorMessage() }
            offset = end
        }
        return sendError
    }

    // MARK: - Result handling (the return-code funnel)

    private func transactionStatement(_ sql: String) throws(DatabaseError) {
        let result = unsafe PQexec(self.handle, sql)
        defer { unsafe PQclear(result) }
        try unsafe self.check(result, expecting: PGRES_COMMAND_OK, code: .transactionFailed, operation: sql)
    }

    /// Throws unless `result` has one of the expected statuses.
    private func check(
        _ result: OpaquePointer?, expecting expected: ExecStatusType..., code: DatabaseError.Code, operation: String
    ) throws(DatabaseError) {
        guard let result = unsafe result else {
            // NULL result: out of memory or the connection is gone.
            throw DatabaseError(
                self.isConnected ? code : .connectionLost, endpoint: self.endpoint,
                operation: operation, serverMessage: self.lastErrorMessage())
        }
        let status = unsafe PQresultStatus(result)
        if expected.contains(status) { return }
        throw unsafe self.error(from: result, code: code, operation: operation)
    }

    func error(from result: OpaquePointer, code: DatabaseError.Code, operation: String) -> DatabaseError {
        // PG_DIAG_SQLSTATE is the macro 'C' and PG_DIAG_MESSAGE_PRIMARY is 'M'; Swift does not
        // import character-literal macros, so the codes are spelled here.
        let sqlState = unsafe PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { unsafe String(cString: $0) }
        var message = unsafe PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { unsafe String(cString: $0) }
        if message == nil || message?.isEmpty == true {
            message = unsafe PQresultErrorMessage(result).map { unsafe String(cString: $0) }
        }
        let lost = !self.isConnected || sqlState?.hasPrefix("08") == true
        return DatabaseError(
            lost ? .connectionLost : code, endpoint: self.endpoint, operation: operation,
            sqlState: sqlState, serverMessage: PGConnection.trimmed(message ?? ""))
    }

    func lastErrorMessage() -> String {
        PGConnection.trimmed(unsafe PQerrorMessage(self.handle).map { unsafe String(cString: $0) } ?? "")
    }

    private static func trimmed(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s.split(separator: "\n").joined(separator: "; ")
    }

    /// `host:port/db` from a conninfo string, parsed by libpq itself (keyword or URI form).
    private static func endpoint(of conninfo: String) -> String {
        guard let options = unsafe PQconninfoParse(conninfo, nil) else { return "(invalid conninfo)" }
        defer { unsafe PQconninfoFree(options) }
        var host = "", port = "", db = ""
        var i = 0
        // SAFETY: PQconninfoParse returns an array terminated by an entry whose keyword is NULL;
        // we stop there and copy strings out before PQconninfoFree.
        while let keyword = unsafe options[i].keyword {
            let key = unsafe String(cString: keyword)
            let value = unsafe options[i].val.map { unsafe String(cString: $0) } ?? ""
            switch key {
            case "host", "hostaddr": if host.isEmpty || key == "host" { host = value.isEmpty ? host : value }
            case "port": port = value
            case "dbname": db = value
            default: break
            }
            i += 1
        }
        return "\(host.isEmpty ? "localhost" : host):\(port.isEmpty ? "5432" : port)/\(db.isEmpty ? "(default)" : db)"
    }
}

@available(*, unavailable, message: "PGConnection belongs to one thread")
extension PGConnection: Sendable {}

extension PGConnection {
    /// A handle that cancels the statement this connection is running, from any thread
    /// (`PQgetCancel`); `nil` when libpq could not make one (the connection is not usable).
    public func cancelHandle() -> PGCancelHandle? {
        guard let cancel = unsafe PQgetCancel(self.handle) else { return nil }
        return unsafe PGCancelHandle(cancel, endpoint: self.endpoint)
    }
}

/// Cancels the statement a ``PGConnection`` is running, from another thread: the thread that stops
/// a service while its connection's thread waits for a long statement (a `CALL run_job` of a
/// compression policy). The server answers the statement with "canceling statement due to user
/// request"; the connection stays usable.
@safe
public final class PGCancelHandle: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `cancel` is the PGcancel* from PQgetCancel, owned by this object
    // and freed once in deinit. libpq documents PQcancel as thread-safe (it only reads the PGcancel
    // object, which holds a copy of the connection's address and key, not the PGconn), so calls from
    // any thread, concurrent with the connection's own thread, are allowed. The pointer never leaves
    // this file.
    private let cancel: OpaquePointer
    /// The server as `host:port/db`, for messages.
    public let endpoint: String

    init(_ cancel: OpaquePointer, endpoint: String) {
        unsafe self.cancel = cancel
        self.endpoint = endpoint
    }

    deinit {
        unsafe PQfreeCancel(self.cancel)
    }

    /// Asks the server to cancel the statement in progress (none: nothing happens).
    /// - Returns: `true` when the request was sent; `false` with libpq's reason otherwise.
    @discardableResult
    public func cancelStatement() -> (sent: Bool, reason: String) {
        var buffer = [CChar](repeating: 0, count: 256)
        // SAFETY: libpq writes at most `count` bytes (NUL-terminated) into the buffer, which lives
        // for the call; the message is copied into a String before the buffer goes.
        let sent = unsafe buffer.withUnsafeMutableBufferPointer { unsafe PQcancel(self.cancel, $0.baseAddress, Int32($0.count)) }
        let reason = unsafe buffer.withUnsafeBufferPointer { unsafe String(cString: $0.baseAddress!) }
        return (sent == 1, reason)
    }
}
