public import RTLSCore

/// Where the writer puts a batch: the database in production, a fake in unit tests.
public protocol BatchSink: AnyObject {
    /// Stores `batch` in one transaction. Writing the same `batchID` twice must store it once.
    /// - Throws: any error; the writer keeps the batch, calls ``reconnect()`` and retries.
    func write(_ batch: [Reading], batchID: Int64) throws
    /// Re-establishes the connection after a failed write.
    func reconnect() throws
    /// Periodic upkeep on the writer thread (partitions ahead, retention); errors are logged.
    func maintain() throws
}
