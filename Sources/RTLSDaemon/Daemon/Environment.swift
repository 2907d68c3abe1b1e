import Foundation

/// The process environment (credentials directory, NOTIFY_SOCKET …).
func currentEnvironment() -> [String: String] { ProcessInfo.processInfo.environment }
