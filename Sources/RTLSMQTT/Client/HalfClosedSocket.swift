#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The last steps of a clean stop, on the connection's socket itself (libmosquitto would close it
/// after its own DISCONNECT, with unread data in it: a TCP reset the broker may hit before reading
/// our last PUBACKs — see MosquittoClient+Session.swift).
struct HalfClosedSocket {
    let fd: Int32

    /// Ends our side without closing the socket: DISCONNECT when `disconnect` (plain TCP, with
    /// nothing half-written ahead of it), then FIN (`shutdown(SHUT_WR)`), so the broker reads
    /// everything we sent and then closes. Over TLS the DISCONNECT would have to be a TLS record,
    /// which libmosquitto does not let us write without closing: the broker sees the FIN alone, which
    /// keeps the session all the same (rtlsd sets no will).
    func closeForWriting(disconnect: Bool) {
        if disconnect {
            let packet: [UInt8] = [0xE0, 0x00]  // DISCONNECT, remaining length 0 (MQTT 3.1.1 and 5)
            // SAFETY: two bytes of a local array, valid for the call; MSG_NOSIGNAL: no SIGPIPE.
            _ = unsafe packet.withUnsafeBytes { unsafe send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        _ = shutdown(self.fd, Int32(SHUT_WR))
    }

    /// Reads and throws away what the broker sent, without libmosquitto: nothing is parsed, handed
    /// over or acknowledged, so the broker redelivers those messages to the next session. Waits up to
    /// `milliseconds` for data. Returns the bytes discarded, or `nil` once the broker closed the
    /// connection (or the socket failed).
    func discardIncoming(into scratch: inout [UInt8], waitingUpTo milliseconds: Int32) -> Int? {
        var poller = pollfd(fd: self.fd, events: Int16(POLLIN), revents: 0)
        // SAFETY: one pollfd on the stack, valid for the call.
        let ready = unsafe poll(&poller, 1, milliseconds)
        guard ready > 0 else { return ready == 0 || errno == EINTR ? 0 : nil }
        var total = 0
        while true {
            // SAFETY: the scratch buffer is the caller's and `count` bytes long; recv writes at most that.
            let n = unsafe scratch.withUnsafeMutableBytes { buffer in
                unsafe recv(self.fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
            }
            if n > 0 {
                total += n
                continue
            }
            if n == 0 { return nil }  // the broker closed its side
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? total : nil
        }
    }
}
