import Foundation
import RTLSSystemd
import Synchronization
import Testing

@Suite struct ThreadPriorityTests {
    /// Lowering a thread's priority changes that thread only: the storage threads must not take the
    /// MQTT thread (or the rest of the process) down with them.
    @Test func lowersOnlyTheCallingThread() throws {
        let mine = ThreadPriority.currentNice
        let seen = Mutex<(before: Int32, after: Int32, error: String?)>((0, 0, nil))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let before = ThreadPriority.currentNice
            do {
                let after = try ThreadPriority.lowerCurrentThread(by: 3)
                seen.withLock { $0 = (before, after, nil) }
            } catch {
                seen.withLock { $0 = (before, before, "\(error)") }
            }
            done.signal()
        }
        thread.start()
        done.wait()
        let result = seen.withLock { $0 }
        #expect(result.error == nil)
        #expect(result.after == min(19, result.before + 3))
        #expect(ThreadPriority.currentNice == mine)
    }

    /// Nice values stop at 19; asking for more is not an error.
    @Test func capsAtNineteen() throws {
        let seen = Mutex<Int32>(-100)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let after = try? ThreadPriority.lowerCurrentThread(by: 40)
            seen.withLock { $0 = after ?? -1 }
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(seen.withLock { $0 } == 19)
    }

    /// Raising a thread's priority (`[mqtt] intake_nice`) works where the process may (root, or
    /// RLIMIT_NICE room as systemd's `LimitNICE=` gives) and changes that thread only; elsewhere it is
    /// refused with an error that says what to grant.
    @Test func raisesOnlyTheCallingThreadOrSaysWhatToGrant() throws {
        let mine = ThreadPriority.currentNice
        let target = mine - 3
        let allowed = geteuid() == 0 || ThreadPriority.unprivilegedFloor <= target
        let seen = Mutex<(after: Int32, error: String?)>((0, nil))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let after = try ThreadPriority.setCurrentThread(nice: target)
                seen.withLock { $0 = (after, nil) }
            } catch {
                seen.withLock { $0 = (ThreadPriority.currentNice, "\(error)") }
            }
            done.signal()
        }
        thread.start()
        done.wait()
        let result = seen.withLock { $0 }
        if allowed {
            #expect(result.error == nil)
            #expect(result.after == target)
        } else {
            #expect(result.after == mine)
            #expect(result.error?.contains("LimitNICE=\(target)") == true)
        }
        #expect(ThreadPriority.currentNice == mine)
    }
}
