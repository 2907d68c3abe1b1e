import Foundation
import Logging
import RTLSDaemon
import RTLSSystemd

/// Bootstraps swift-log once for the process: journald when stderr goes to the journal (or when
/// the config asks for it), else plain stderr lines; level from the config.
enum LogSetup {
    static func bootstrap(config: DaemonConfig) -> Logger {
        let requested: LoggingTarget.Request =
            switch config.log.target {
            case "journald": .journal
            case "stderr": .standardError
            default: .automatic
            }
        var target = LoggingTarget.choose(environment: ProcessInfo.processInfo.environment, requested: requested)
        let problem = target == .journal ? LoggingTarget.journalProblem() : nil
        if problem != nil { target = .standardError }
        LoggingSystem.bootstrap { label in target.makeHandler(label: label) }
        var logger = Logger(label: "rtlsd")
        logger.logLevel = Logger.Level(rawValue: config.log.level) ?? .info
        if let problem {
            logger.warning(
                "journald cannot be reached, logging to stderr instead",
                metadata: ["log.target": "\(config.log.target)", "journal.problem": "\(problem)"])
        }
        return logger
    }
}
