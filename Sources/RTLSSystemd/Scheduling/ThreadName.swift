private import CSystemd

/// The calling thread's name as `top -H`, `ps -L` and `/proc/<pid>/task/<tid>/comm` show it.
/// (Foundation's `Thread.name` does not reach the kernel on Linux.)
public enum ThreadName {
    /// Names the calling thread; Linux keeps at most 15 bytes, so a longer name is cut there.
    /// - Returns: `false` when the kernel refused (the thread keeps the name it inherited).
    @discardableResult
    public static func setCurrent(_ name: String) -> Bool {
        let bytes = Array(name.utf8.prefix(15)) + [0]
        // SAFETY: `bytes` is a NUL-terminated buffer of at most 16 bytes that lives across the call;
        // prctl(PR_SET_NAME) copies it into the kernel and keeps no pointer.
        return unsafe bytes.withUnsafeBufferPointer { buffer in
            unsafe buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { name in
                unsafe rtls_set_current_thread_name(name) == 0
            }
        }
    }
}
