// MosquittoClient+Session: the network thread; its clean stop rests on the facts below.
//
// ## When does libmosquitto acknowledge a QoS 1 message? (libmosquitto 2.0.x, Debian 12 ships 2.0.11)
//
// `lib/handle_publish.c`, function `handle__publish`, tag `v2.0.11` (same order at `v2.0.19`):
//
//     case 1:
//         util__decrement_receive_quota(mosq);
//         rc = send__puback(mosq, mid, 0, NULL);
//         pthread_mutex_lock(&mosq->callback_mutex);
//         if(mosq->on_message){ ... mosq->on_message(mosq, mosq->userdata, &message->msg); ... }
//
// The PUBACK is queued *before* `on_message` runs, unconditionally; the callback returns `void` and
// cannot veto or delay it. `send__puback` → `packet__queue` (`lib/packet_mosq.c`) writes the packet
// to the socket at once when the client is unthreaded and not in a callback, so with a plain
// `mosquitto_loop` caller the broker may hold the PUBACK before rtlsd has even seen the bytes; in
// threaded mode (`mosquitto_loop_start`, or `mosquitto_threaded_set(true)` as here) it is only
// queued, the library's socket pair wakes the loop, and the next `mosquitto_loop` pass writes it:
// after `on_message` has returned, but without waiting for anything rtlsd does with the reading.
// QoS 2 is no better: `handle__pubrel` (`lib/handle_pubrel.c`) sends PUBCOMP before calling
// `on_message`, and PUBREC went out on receipt.
//
// What it means: QoS 1 protects the hop broker → rtlsd only up to the socket. Once the message has
// reached `on_message` the broker has forgotten it. A crash (SIGKILL, OOM, power) after that point
// and before the reading is durable (COPY committed, or written to the spool and fsynced) loses the
// message; the persistent session does not bring it back. rtlsd narrows the window by keeping the
// ring short and the spool local, not by anything MQTT offers.
//
// Manual acknowledgement: libmosquitto 2.0.x has none. There is no `mosquitto_manual_ack`, no
// `MOSQ_OPT_*` option for it, and no return value from the message callback (checked: `git grep -i
// manual_ack` finds nothing at tags v2.0.11 and v2.0.19, nor on `develop` as mirrored 2024-10-19).
// Upstream tracks it as open feature requests: eclipse-mosquitto/mosquitto#118 ("Support delaying
// PUBACKs in libmosquitto API", 2014) and #2884 ("PUBACK … should be performed after the
// application callback", 2023, against 2.0.16). No released version that rtlsd can use has it.
//

import Logging
import Synchronization

/// The network thread's side of the client: it runs the session state machine's actions, and the
/// C callbacks (which run on this thread, inside `mosquitto_loop`) feed it events. Everything here
/// runs on the network thread only; the C calls go through the thin wrappers in MosquittoClient.swift.
extension MosquittoClient {
    enum Phase {
        case connect
        case running
        case waiting(until: ContinuousClock.Instant)
        /// Stopping, step 1: writing the queued PUBACKs, reading nothing more.
        case flushing(until: ContinuousClock.Instant)
        /// Stopping, step 2: DISCONNECT and FIN sent; discarding what the broker still sends until it
        /// closes the connection.
        case draining(until: ContinuousClock.Instant)
        case finished
    }

    private static let pollSlice = Duration.milliseconds(50)
    private static let disconnectGrace = Duration.seconds(3)

    /// The network thread: runs the session machine's actions until it says `finish`.
    func networkMain() {
        self.perform(self.networkMachine.start())
        while true {
            if !self.networkStopSeen && self.stopRequested.load(ordering: .acquiring) {
                self.networkStopSeen = true
                self.perform(self.networkMachine.stopRequested())
            }
            switch self.networkPhase {
            case .finished:
                return
            case .connect:
                self.networkPhase = .running
                if let error = self.connectOnce() {
                    self.perform(self.networkMachine.connectAttemptFailed(error))
                }
            case .running:
                let rc = self.loopOnce()
                if !MosquittoStatus.isSuccess(rc) {
                    self.perform(self.networkMachine.connectionLost(self.failure(rc, "mosquitto_loop")))
                }
            case .waiting(let until):
                let now = ContinuousClock.now
                if now >= until {
                    self.perform(self.networkMachine.reconnectDelayElapsed())
                } else {
                    NetworkThread.sleep(min(until - now, Self.pollSlice))
                }
            // A clean stop acknowledges exactly the messages handed over, and the broker must read
            // every PUBACK. libmosquitto queues a message's PUBACK before handing it over, so:
            // 1. read nothing more: a message read now would get its PUBACK queued behind the
            //    DISCONNECT, which libmosquitto never sends (it closes the socket after DISCONNECT),
            //    and the broker would give it to the next run too;
            // 2. write the PUBACKs already queued;
            // 3. send DISCONNECT ourselves and half-close (FIN), then read and discard whatever the
            //    broker still sends until it closes the connection. libmosquitto's own DISCONNECT
            //    closes the socket at once; with unread data in it the kernel sends a TCP reset,
            //    and a broker busy writing to us then fails ("Broken pipe") and drops the
            //    connection before reading our last PUBACKs — it redelivers messages we had
            //    handled. What is discarded was never handed over nor acknowledged: redelivered to
            //    the next session. The grace period bounds the wait.
            // Pinned by MosquittoClientBrokerTests.stopInAFloodAcknowledgesExactlyWhatTheHandlerSaw
            // and scripts/it/test_graceful_stop.sh.
            case .flushing(let until):
                let rc = self.writeOnce()
                if !MosquittoStatus.isSuccess(rc) || self.socketDescriptor == nil {
                    self.stopEnded(rc, before: "its last PUBACKs were written")
                } else if !self.wantsWrite || ContinuousClock.now >= until {
                    if let fd = self.socketDescriptor {
                        HalfClosedSocket(fd: fd).closeForWriting(disconnect: !self.wantsWrite && self.configuration.tls == nil)
                    }
                    self.networkPhase = .draining(until: until)
                } else {
                    NetworkThread.sleep(.milliseconds(1))  // the socket is full; the broker is reading
                }
            case .draining(let until):
                let discarded = self.socketDescriptor.flatMap {
                    HalfClosedSocket(fd: $0).discardIncoming(into: &self.networkScratch, waitingUpTo: 20)
                }
                if discarded == nil {
                    self.perform(self.networkMachine.disconnectCompleted())  // the broker closed: all read
                } else if ContinuousClock.now >= until {
                    self.logger.info("MQTT broker did not close the connection within the grace period after DISCONNECT")
                    self.perform(self.networkMachine.disconnectCompleted())
                }
            }
        }
    }

    /// Carries out one transition: publish the state, log, and act.
    func perform(_ transition: MQTTSessionStateMachine.Transition) {
        if let state = transition.newState {
            self.currentState.withLock { $0 = state }
            self.onStateChange?(state)
        }
        if let entry = transition.log {
            var metadata = Logger.Metadata()
            for (key, value) in entry.metadata { metadata[key] = "\(value)" }
            metadata["mqtt.state"] = "\(self.networkMachine.state.name)"
            self.logger.log(level: entry.level, "\(entry.message)", metadata: metadata)
        }
        switch transition.action {
        case .none:
            break
        case .connect:
            self.networkPhase = .connect
        case .subscribe:
            self.networkSubscribe()
        case .reconnect(let delay):
            self.networkPhase = .waiting(until: ContinuousClock.now + delay)
        case .disconnect:
            self.networkPhase = .flushing(until: ContinuousClock.now + Self.disconnectGrace)
        case .finish:
            self.networkPhase = .finished
        }
    }

    /// The error for `rc`, with what libmosquitto logged about it (the OpenSSL reason of a TLS
    /// failure: a certificate from another CA, a name that does not match).
    func failure(_ rc: Int32, _ operation: StaticString) -> MQTTError {
        var error = MosquittoStatus.error(rc, operation)
        if let logged = self.libraryError.withLock({ line in defer { line = nil }; return line }) {
            error.detail += error.detail.isEmpty ? logged : " (\(logged))"
        }
        return error
    }

    /// The stop is over early: the connection failed while our last PUBACKs were written.
    private func stopEnded(_ rc: Int32, before step: String) {
        if !MosquittoStatus.isSuccess(rc) && !MosquittoStatus.isNoConnection(rc) {
            self.logger.info(
                "MQTT connection closed before \(step)",
                metadata: ["error.message": "\(MosquittoStatus.error(rc, "mosquitto_loop_write"))"])
        }
        self.perform(self.networkMachine.disconnectCompleted())
    }

    /// Sends SUBSCRIBE for every filter (from the CONNACK callback, on every successful connect).
    private func networkSubscribe() {
        self.networkPendingSubscribes.removeAll()
        self.networkRejectedFilters.removeAll()
        for subscription in self.networkSubscriptions {
            let (rc, mid) = self.sendSubscribe(subscription)
            if MosquittoStatus.isSuccess(rc) {
                self.networkPendingSubscribes[mid] = subscription.filter
            } else if !MosquittoStatus.isNoConnection(rc) {
                // Filters were checked in `start`; a failure here is memory or the connection going
                // away, which the loop reports next.
                self.networkRejectedFilters.append(subscription.filter)
            }
        }
    }

    /// CONNACK arrived: `rc` 0 is accepted, else the refusal code; bit 0 of `flags` is session present.
    func networkDidConnect(rc: Int32, flags: Int32) {
        if rc == 0 {
            self.perform(self.networkMachine.connectionAccepted(sessionPresent: flags & 1 == 1))
        } else {
            let error = MosquittoStatus.connackError(rc, v5: self.configuration.protocolVersion == .v5)
            self.perform(self.networkMachine.connectionRefused(error))
        }
    }

    /// The connection closed; `rc` 0 means our own DISCONNECT, which the disconnecting phase handles.
    func networkDidDisconnect(rc: Int32) {
        guard rc != 0 else { return }
        self.perform(self.networkMachine.connectionLost(self.failure(rc, "on_disconnect")))
    }

    /// SUBACK for one SUBSCRIBE; the state moves to `subscribed` when the last one is in.
    func networkDidSubscribe(mid: Int32, rejected: Bool) {
        guard let filter = self.networkPendingSubscribes.removeValue(forKey: mid) else { return }
        if rejected { self.networkRejectedFilters.append(filter) }
        if self.networkPendingSubscribes.isEmpty {
            self.perform(self.networkMachine.subscriptionsAcknowledged(rejectedFilters: self.networkRejectedFilters))
        }
    }
}
