import Testing

@testable import RTLSPostgres

@Suite("PGArrayLiteral")
struct PGArrayLiteralTests {
    @Test("quotes every element and escapes backslash and double quote")
    func quoting() {
        #expect(PGArrayLiteral.make(["a", "b c", nil]) == #"{"a","b c",NULL}"#)
        #expect(PGArrayLiteral.make([#"x"y\z"#]) == #"{"x\"y\\z"}"#)
        #expect(PGArrayLiteral.make([String?]()) == "{}")
    }

    @Test(
        "the server reads back exactly the elements",
        arguments: [
            ["plain", "with,comma", "{braces}", #"quote""#, #"back\slash"#, "NULL", " spaced ", "Ü❄️"]
        ])
    func serverRoundTrip(elements: [String]) throws {
        try TestDatabase.withSchema { connection, _ in
            let rows = try connection.query(
                "SELECT e FROM unnest($1::text[]) WITH ORDINALITY AS u(e, o) ORDER BY o",
                [PGArrayLiteral.make(elements.map { Optional($0) })])
            #expect(rows.map { $0[0] } == elements)
        }
    }
}
