package import Glibc
import Synchronization

/// A minimal HTTP/1.1 server for Prometheus scrapes: one TCP listener, one connection at a time,
/// answered by ``MetricsHTTPResponder`` and closed. Scrapes come every few seconds from one
/// Prometheus, so there is no keep-alive, no concurrency and no TLS; bind it to loopback (or a
/// management address) and let a reverse proxy add anything more.
///
/// The socket is bound in `init` (so a bad address fails at start), served by ``run()`` on the
/// caller's thread until ``stop()``.
///
/// - Important: ``run()`` blocks; call it from a dedicated thread, never the cooperative pool.
public final class MetricsHTTPServer: Sendable {
    /// The port actually bound (useful when the configured port was 0).
    public let port: Int
    /// The address as configured.
    public let address: String
    private let route: @Sendable (String) -> MetricsHTTPResponder.Reply?
    private let listener: Atomic<Int32>
    private let stopping = Atomic<Bool>(false)
    /// How long one client may take to send its request or read the answer.
    private static let ioTimeoutSeconds = 2
    /// How often the accept loop looks at the stop flag.
    private static let pollMilliseconds: Int32 = 100

    /// Binds and listens on `address`, serving only `/metrics`.
    /// - Parameters:
    ///   - address: `IPv4:port` or `[IPv6]:port`, e.g. `127.0.0.1:9464`, `[::1]:9464` (port 0 picks a free one).
    ///   - body: Renders the exposition text; called on the server thread for each scrape.
    /// - Throws: ``MetricsServerError`` `.invalidAddress`, `.socketFailed`, `.bindFailed`, `.listenFailed`.
    public convenience init(address: String, body: @escaping @Sendable () -> String) throws(MetricsServerError) {
        try self.init(address: address) { path in
            path == "/metrics"
                ? MetricsHTTPResponder.Reply(status: "200 OK", contentType: MetricsHTTPResponder.contentType, body: body())
                : nil
        }
    }

    /// Binds and listens on `address`, answering each path from `route`.
    /// - Parameters:
    ///   - address: `IPv4:port` or `[IPv6]:port` (port 0 picks a free one).
    ///   - route: The reply for a path, or `nil` for 404; called on the server thread per request.
    /// - Throws: ``MetricsServerError`` `.invalidAddress`, `.socketFailed`, `.bindFailed`, `.listenFailed`.
    public init(
        address: String, route: @escaping @Sendable (String) -> MetricsHTTPResponder.Reply?
    ) throws(MetricsServerError) {
        guard let (host, port) = Self.split(address) else { throw MetricsServerError(.invalidAddress, address: address) }
        let six = host.hasPrefix("[") && host.hasSuffix("]")
        var socketAddress = sockaddr_storage()
        let addressLength: Int
        if six {
            guard var v6 = Self.ipv6(host: String(host.dropFirst().dropLast()), port: port) else {
                throw MetricsServerError(.invalidAddress, address: address)
            }
            // SAFETY: sockaddr_storage is large and aligned enough for any sockaddr; one sockaddr_in6 is copied in.
            unsafe withUnsafeMutableBytes(of: &socketAddress) { storage in
                unsafe withUnsafeBytes(of: &v6) { unsafe storage.copyMemory(from: $0) }
            }
            addressLength = MemoryLayout<sockaddr_in6>.size
        } else {
            guard var v4 = Self.ipv4(host: host, port: port) else {
                throw MetricsServerError(.invalidAddress, address: address)
            }
            // SAFETY: as above, for one sockaddr_in.
            unsafe withUnsafeMutableBytes(of: &socketAddress) { storage in
                unsafe withUnsafeBytes(of: &v4) { unsafe storage.copyMemory(from: $0) }
            }
            addressLength = MemoryLayout<sockaddr_in>.size
        }
        let fd = socket(six ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw MetricsServerError(.socketFailed, address: address, reason: Self.errnoText())
        }
        var one: Int32 = 1
        // SAFETY: `one` is a live local Int32 and its exact size is passed, so the kernel reads within it.
        _ = unsafe setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if six {
            // An IPv6 address means IPv6 only (no v4-mapped addresses on the same port).
            // SAFETY: `one` is a live local Int32 and its exact size is passed.
            _ = unsafe setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        // SAFETY: `socketAddress` is a live sockaddr_storage holding a sockaddr of `addressLength` bytes.
        let bound = unsafe withUnsafePointer(to: &socketAddress) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                unsafe bind(fd, generic, socklen_t(addressLength))
            }
        }
        guard bound == 0 else {
            let reason = Self.errnoText()
            _ = close(fd)
            throw MetricsServerError(.bindFailed, address: address, reason: reason)
        }
        guard listen(fd, 16) == 0 else {
            let reason = Self.errnoText()
            _ = close(fd)
            throw MetricsServerError(.listenFailed, address: address, reason: reason)
        }
        var actual = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        // SAFETY: `actual` is a live sockaddr_storage and `length` holds its size; getsockname writes at most that.
        _ = unsafe withUnsafeMutablePointer(to: &actual) { pointer in
            unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                unsafe getsockname(fd, generic, &length)
            }
        }
        // sin_port and sin6_port sit at the same offset (2), right after the family.
        // SAFETY: reads two bytes at offset 2 of the live storage, which getsockname filled.
        let networkPort = unsafe withUnsafeBytes(of: &actual) { unsafe $0.load(fromByteOffset: 2, as: UInt16.self) }
        self.port = Int(UInt16(bigEndian: networkPort))
        self.address = address
        self.route = route
        self.listener = Atomic(fd)
    }

    deinit {
        let fd = self.listener.exchange(-1, ordering: .relaxed)
        if fd >= 0 { _ = close(fd) }
    }

    /// Serves scrapes until ``stop()`` is called, then closes the listening socket.
    public func run() {
        while !self.stopping.load(ordering: .relaxed) {
            let fd = self.listener.load(ordering: .relaxed)
            guard fd >= 0 else { return }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            // SAFETY: `poller` is one live pollfd and we pass a count of 1.
            let ready = unsafe poll(&poller, 1, Self.pollMilliseconds)
            guard ready > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            self.serve(client)
            _ = close(client)
        }
        let fd = self.listener.exchange(-1, ordering: .relaxed)
        if fd >= 0 { _ = close(fd) }
    }

    /// Makes ``run()`` return within about 100 ms (after the scrape in progress, if any).
    public func stop() {
        self.stopping.store(true, ordering: .relaxed)
    }

    private func serve(_ client: Int32) {
        var timeout = Self.socketTimeout(seconds: Self.ioTimeoutSeconds)
        // SAFETY: `timeout` is a live timeval and its exact size is passed, so the kernel reads within it.
        _ = unsafe setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // SAFETY: as above.
        _ = unsafe setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2_048)
        while !MetricsHTTPResponder.hasCompleteHead(head) && head.count <= MetricsHTTPResponder.maxHeadBytes {
            // SAFETY: `chunk` is a live array of `chunk.count` bytes; recv writes at most that many.
            let received = unsafe chunk.withUnsafeMutableBytes { unsafe recv(client, $0.baseAddress, $0.count, 0) }
            if received < 0 && errno == EINTR { continue }
            guard received > 0 else { return }
            head.append(contentsOf: chunk[0..<received])
        }
        let response = MetricsHTTPResponder.response(toHead: head, route: self.route)
        var offset = 0
        while offset < response.count {
            // SAFETY: `response` is a live array; we send from `offset`, which stays below its count.
            let sent = unsafe response.withUnsafeBytes { buffer in
                unsafe send(
                    client, buffer.baseAddress.map { unsafe $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return }
            offset += sent
        }
        _ = shutdown(client, Int32(SHUT_WR))
    }

    /// `host:port` split at the last colon; nil when the port is not 0…65535.
    static func split(_ address: String) -> (String, UInt16)? {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            return nil
        }
        let host = String(address[..<colon])
        return host.isEmpty ? nil : (host, port)
    }

    /// A `sockaddr_in6` for an IPv6 address written without brackets (`::1`, `::`).
    static func ipv6(host: String, port: UInt16) -> sockaddr_in6? {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        // SAFETY: inet_pton writes exactly one in6_addr into the live `address.sin6_addr`; the
        // string is a NUL-terminated copy valid for the call.
        let parsed = unsafe inet_pton(AF_INET6, host, &address.sin6_addr)
        return parsed == 1 ? address : nil
    }

    /// A `sockaddr_in` for a dotted-quad IPv4 address (`localhost` is accepted as 127.0.0.1).
    package static func ipv4(host: String, port: UInt16) -> sockaddr_in? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        let text = host == "localhost" ? "127.0.0.1" : host
        // SAFETY: inet_pton writes exactly one in_addr into the live `address.sin_addr`; the
        // string is a NUL-terminated copy valid for the call.
        let parsed = unsafe inet_pton(AF_INET, text, &address.sin_addr)
        return parsed == 1 ? address : nil
    }
}

extension MetricsHTTPServer {
    /// A `timeval` for SO_RCVTIMEO/SO_SNDTIMEO, built field by field (the memberwise initializer is
    /// attributed to whichever C module imported <sys/time.h> first, which breaks clean builds
    /// under MemberImportVisibility).
    package static func socketTimeout(seconds: Int) -> timeval {
        var value = timeval()
        value.tv_sec = seconds
        value.tv_usec = 0
        return value
    }
}

extension MetricsHTTPServer {
    /// The current `errno` as text (`Connection refused`).
    package static func errnoText() -> String {
        // SAFETY: strerror returns a pointer to a static, NUL-terminated message for any errno.
        unsafe String(cString: strerror(errno))
    }
}
