import Glibc
package import RTLSSystemd

/// A bound `AF_UNIX` datagram socket that collects what is sent to it: the stand-in for systemd's
/// notification socket in tests.
///
/// `package` so only this package's tests use it; it lives here because tests reach C only
/// through a wrapper's Swift API.
///
/// - Important: Reads never block: ``receive()`` returns `nil` when nothing is queued. Datagrams
///   sent over `AF_UNIX` are queued by the time `sendto` returns, so a test sends, then receives.
package final class UnixDatagramReceiver {
    /// The bound path; remove with ``close()`` (also done on deinit).
    package let path: String
    private var fd: Int32
    /// A directory this receiver created for its socket, removed again on ``close()``.
    private var createdDirectory: String?

    /// Binds a new datagram socket at `path` (which must not exist yet).
    ///
    /// - Throws: ``NotifyError`` with code `socketFailed` when the socket cannot be created or bound.
    package init(path: String) throws(NotifyError) {
        self.path = path
        guard case (var address, let length)? = UnixDatagram.address(path) else {
            throw NotifyError(.invalidSocketPath, socketPath: path, message: "bind")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw NotifyError(.socketFailed, socketPath: path, message: "socket", reason: UnixDatagram.errnoText())
        }
        // SAFETY: `address` is a live local and `length` its computed length; bind only reads it.
        let bound = unsafe withUnsafePointer(to: &address) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                unsafe bind(fd, generic, length)
            }
        }
        guard bound == 0 else {
            let reason = UnixDatagram.errnoText()
            _ = Glibc.close(fd)
            throw NotifyError(.socketFailed, socketPath: path, message: "bind", reason: reason)
        }
        self.fd = fd
    }

    /// Binds a stand-in for journald at `/run/systemd/journal/socket`, so `sd_journal_sendv` talks to
    /// the test; `nil` when journald (or a stand-in) already owns the path or `/run/systemd` is not
    /// writable. The directory is created if needed and removed again on ``close()``.
    package static func journalStandIn() -> UnixDatagramReceiver? {
        let directory = "/run/systemd/journal"
        let path = directory + "/socket"
        var status = stat()
        // SAFETY: stat writes one `struct stat` through a pointer to a local; mkdir reads the path copy.
        guard unsafe stat(path, &status) != 0 else { return nil }
        var created: String?
        if unsafe stat(directory, &status) != 0 {
            guard unsafe mkdir(directory, 0o755) == 0 else { return nil }
            created = directory
        }
        guard let receiver = try? UnixDatagramReceiver(path: path) else {
            // SAFETY: rmdir reads the NUL-terminated copy of the path.
            if let created { _ = unsafe rmdir(created) }
            return nil
        }
        receiver.createdDirectory = created
        return receiver
    }

    /// A unique socket path under `/tmp` (short enough for `sun_path`).
    package static func temporaryPath(prefix: String = "rtlsd-test") -> String {
        "/tmp/\(prefix)-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).sock"
    }

    /// The next queued datagram as text, or `nil` when none is queued.
    package func receive() -> String? {
        guard let bytes = self.receiveBytes() else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The next queued datagram as bytes, or `nil` when none is queued.
    package func receiveBytes() -> [UInt8]? {
        guard self.fd >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var count = -1
        repeat {
            // SAFETY: recv writes at most `buffer.count` bytes into the array's own storage.
            count = unsafe buffer.withUnsafeMutableBytes { raw in
                unsafe recv(self.fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT))
            }
        } while count < 0 && errno == EINTR
        guard count >= 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    /// Closes the socket and removes its path.
    package func close() {
        guard self.fd >= 0 else { return }
        _ = Glibc.close(self.fd)
        self.fd = -1
        // SAFETY: unlink only reads the NUL-terminated copy of the path Swift passes for the call.
        if self.path.first == "/" { _ = unsafe unlink(self.path) }
        // SAFETY: rmdir reads the NUL-terminated copy of the path.
        if let directory = self.createdDirectory { _ = unsafe rmdir(directory) }
        self.createdDirectory = nil
    }

    deinit {
        self.close()
    }
}
