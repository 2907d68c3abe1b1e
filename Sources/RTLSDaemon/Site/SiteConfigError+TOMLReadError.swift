import RTLSCore

/// site.toml's and rules.toml's words for what the shared TOML reader finds
/// (`[[zone]] "A" polgon: unknown key; expected one of floor, geo_polygon, name, polygon`).
extension SiteConfigError: TOMLReadError {
    init(_ code: Code, file: String, line: Int?, place: String, detail: String) {
        self.init(code, path: file, line: line, location: place, detail: detail)
    }

    static func words(for problem: TOMLProblem) -> (code: Code, detail: String) {
        switch problem {
        case .unreadable(let error): (.unreadable, "cannot be read (\(error))")
        case .syntax(let message): (.syntax, "not valid TOML: \(message)")
        case .notATable(let name): (.wrongType, "must be a table [\(name)]")
        case .notAnArrayOfTables(let name), .arrayEntryNotATable(let name):
            (.wrongType, "must be an array of tables [[\(name)]]")
        case .unknownTable(let known): (.unknownKey, "unknown table; expected one of \(known.joined(separator: ", "))")
        case .unknownKey(let known): (.unknownKey, "unknown key; expected one of \(known.joined(separator: ", "))")
        case .missingKey: (.missingKey, "is required")
        case .wrongType(let found, let expected): (.wrongType, "is a \(found), expected \(expected)")
        case .wrongShape(let detail): (.wrongType, detail)
        case .invalidValue(let detail): (.invalidValue, detail)
        }
    }
}

extension TOMLSection where Failure == SiteConfigError {
    /// Wraps a site-model error thrown while adding this element.
    func error(_ site: SiteError) -> SiteConfigError {
        self.error(SiteConfigError.code(for: site.code), key: site.key, site.detail)
    }
}
