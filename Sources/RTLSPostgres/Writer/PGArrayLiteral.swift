/// Text form of a one-dimensional PostgreSQL array, for passing many values as one `$n::type[]` parameter.
///
/// Every element is double-quoted with `\` and `"` escaped, so commas, braces, spaces and the word
/// NULL inside a name stay data; `nil` becomes an unquoted `NULL`.
enum PGArrayLiteral {
    /// `{"a","b\"c",NULL}` for `["a", "b\"c", nil]`.
    static func make<S: Sequence>(_ elements: S) -> String where S.Element == String? {
        var out = "{"
        var first = true
        for element in elements {
            if !first { out += "," }
            first = false
            guard let element else {
                out += "NULL"
                continue
            }
            out += "\""
            for scalar in element.unicodeScalars {
                if scalar == "\\" || scalar == "\"" { out += "\\" }
                out.unicodeScalars.append(scalar)
            }
            out += "\""
        }
        return out + "}"
    }
}
