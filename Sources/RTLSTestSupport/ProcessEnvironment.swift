import Glibc

/// Sets and restores process environment variables around a test body, for the one code path that
/// must read the real environment (`sd_notify` finds its socket in `NOTIFY_SOCKET`).
///
/// - Important: The environment is process-wide: run such tests in one `.serialized` suite, and keep
///   every other test on injected values (``SystemdNotifier/init(socketPath:watchdogInterval:)``,
///   ``LoggingTarget/choose(environment:requested:standardError:)``).
package enum ProcessEnvironment {
    /// Runs `body` with `variables` set (a `nil` value unsets), then restores the previous values.
    package static func with<T>(_ variables: [String: String?], _ body: () throws -> T) rethrows -> T {
        var saved: [String: String?] = [:]
        for (name, value) in variables {
            saved[name] = Self.get(name)
            Self.set(name, value)
        }
        defer {
            for (name, value) in saved { Self.set(name, value) }
        }
        return try body()
    }

    /// The variable's value, or `nil` when unset.
    package static func get(_ name: String) -> String? {
        // SAFETY: getenv returns a pointer into the environment block or NULL; copied at once.
        unsafe getenv(name).map { unsafe String(cString: $0) }
    }

    private static func set(_ name: String, _ value: String?) {
        // SAFETY: setenv/unsetenv copy the NUL-terminated strings Swift passes for the call.
        if let value {
            _ = unsafe setenv(name, value, 1)
        } else {
            _ = unsafe unsetenv(name)
        }
    }
}
