package import Glibc

/// Sends and receives `AF_UNIX` datagrams by socket path: the transport under `sd_notify(3)`, used
/// directly when the notification socket is given explicitly rather than through `NOTIFY_SOCKET`.
///
/// A path starting with `@` names a socket in the abstract namespace (the `@` becomes a NUL byte),
/// as `NOTIFY_SOCKET` allows.
package enum UnixDatagram {
    /// Why a socket call failed: the errno text and whether the path itself was unusable.
    struct Failure: Error {
        var invalidPath: Bool
        var reason: String
    }

    /// Builds the address for `path`.
    ///
    /// - Returns: the address and its length, or `nil` when the path is empty, relative (and not
    ///   abstract) or longer than `sun_path`.
    package static func address(_ path: String) -> (sockaddr_un, socklen_t)? {
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        guard !bytes.isEmpty, abstract || bytes.first == UInt8(ascii: "/") else { return nil }
        if abstract { bytes[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // A filesystem path needs its terminating NUL inside sun_path; an abstract name does not.
        guard bytes.count + (abstract ? 0 : 1) <= capacity else { return nil }
        // SAFETY: sun_path is a fixed-size C array inside `address`; we copy at most `capacity` bytes
        // (checked above) into its raw bytes, which stay valid for the closure's duration.
        unsafe withUnsafeMutableBytes(of: &address.sun_path) { raw in
            unsafe raw.copyBytes(from: bytes)
        }
        guard let offset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) else { return nil }
        let length = offset + bytes.count + (abstract ? 0 : 1)
        return (address, socklen_t(length))
    }

    /// Sends one datagram to the socket at `path`.
    ///
    /// - Throws: ``Failure`` when the path is unusable, no socket can be made, or `sendto` fails.
    static func send(_ message: String, to path: String) throws(Failure) {
        guard case (var address, let length)? = Self.address(path) else {
            throw Failure(invalidPath: true, reason: "not an absolute path or @abstract name that fits sun_path")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(invalidPath: false, reason: Self.errnoText()) }
        defer { _ = close(fd) }
        let bytes = Array(message.utf8)
        var sent = -1
        repeat {
            // SAFETY: `bytes` and `address` are live locals for the whole call; `length` is the
            // address length computed for this very sockaddr_un, so the kernel reads within it.
            sent = unsafe bytes.withUnsafeBytes { buffer in
                unsafe withUnsafePointer(to: &address) { pointer in
                    unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                        unsafe sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), generic, length)
                    }
                }
            }
        } while sent < 0 && errno == EINTR
        guard sent == bytes.count else { throw Failure(invalidPath: false, reason: Self.errnoText()) }
    }

    /// `strerror(errno)`, read before anything else can change errno.
    package static func errnoText() -> String {
        Self.text(errno: errno)
    }

    /// `strerror(code)`.
    static func text(errno code: Int32) -> String {
        // SAFETY: strerror returns a pointer to a NUL-terminated static or thread-local string that
        // stays valid until the next strerror call on this thread; we copy it at once.
        guard let cString = unsafe strerror(code) else { return "errno \(code)" }
        return unsafe String(cString: cString)
    }
}
