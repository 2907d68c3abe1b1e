/// A loader's error type, as the shared TOML reader (``TOMLDocument``, ``TOMLSection``) throws it.
///
/// rtlsd.toml (`ConfigError`) and site.toml / rules.toml (`SiteConfigError`) are read by one
/// reader and one ``TOMLLineIndex``; the reader is generic over the loader's error, so a typed read
/// throws that error directly (no mapping at each call). The reader decides *what* is wrong and
/// *where* (file, line, `[[zone]] "ICU-3" polygon`); the loader decides the code and the words
/// through ``words(for:)``, so each file keeps the messages its operators know.
protocol TOMLReadError: Error {
    /// The loader's reason code.
    associatedtype Code
    /// An error with the loader's `code` at `place` (`[mqtt] qos`; empty for the whole file).
    init(_ code: Code, file: String, line: Int?, place: String, detail: String)
    /// The loader's code and words for a problem the reader found.
    static func words(for problem: TOMLProblem) -> (code: Code, detail: String)
}

extension TOMLReadError {
    /// The loader's error for `problem` at `place`.
    init(_ problem: TOMLProblem, file: String, line: Int?, place: String) {
        let words = Self.words(for: problem)
        self.init(words.code, file: file, line: line, place: place, detail: words.detail)
    }
}
