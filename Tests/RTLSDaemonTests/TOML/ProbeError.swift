@testable import RTLSDaemon

/// A loader error for testing the shared TOML reader: it keeps the reader's problem as written, so
/// tests see what was found and where, without either loader's wording.
struct ProbeError: TOMLReadError, Equatable {
    var code: String
    var file: String
    var line: Int?
    var place: String
    var detail: String

    init(_ code: String, file: String, line: Int?, place: String, detail: String) {
        self.code = code
        self.file = file
        self.line = line
        self.place = place
        self.detail = detail
    }

    static func words(for problem: TOMLProblem) -> (code: String, detail: String) {
        let text = "\(problem)"
        return (String(text.prefix { $0 != "(" }), text)
    }
}
