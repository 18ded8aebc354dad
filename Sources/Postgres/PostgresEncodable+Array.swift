extension Array: PostgresEncodable where Element: PostgresEncodable {
    /// A one-dimensional array literal, `{"a","b",NULL}`: every element quoted with `"` and `\`
    /// escaped, so any text is one element; nil elements are NULL. Cast it in the SQL (`::text[]`).
    public var postgresText: String? {
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text.append(",") }
            guard let value = element.postgresText else {
                text.append("NULL")
                continue
            }
            text.append("\"")
            for scalar in value.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text.append("\\") }
                text.unicodeScalars.append(scalar)
            }
            text.append("\"")
        }
        text.append("}")
        return text
    }
}
