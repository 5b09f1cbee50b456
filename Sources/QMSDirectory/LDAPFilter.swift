/// Search filters built from what a user typed.
public enum LDAPFilter {
    /// The value escaped for a filter (RFC 4515, section 3): `*`, `(`, `)`, `\` and NUL become
    /// `\2a`, `\28`, `\29`, `\5c` and `\00`, so a name such as `*)(uid=*` is looked up as those
    /// nine characters and cannot widen or close the filter. Other bytes, UTF-8 included, are
    /// valid as they are.
    public static func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "*": result += "\\2a"
            case "(": result += "\\28"
            case ")": result += "\\29"
            case "\\": result += "\\5c"
            case "\u{0}": result += "\\00"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `(attribute=value)` with the value escaped; the attribute is a configured name, checked
    /// when the configuration was made.
    public static func equality(_ attribute: String, _ value: String) -> String {
        "(\(attribute)=\(escaped(value)))"
    }

    /// Checks a sign-in name before it goes anywhere near the directory: not empty, at most 256
    /// bytes (sAMAccountName is 20 characters, a userPrincipalName 1024 bytes at the very most;
    /// nobody types 256), no control characters. Characters that mean something in a filter are
    /// allowed: they are escaped, not refused, as Active Directory names may hold parentheses.
    public static func checkUsername(_ username: String) throws(DirectoryError) {
        guard !username.isEmpty, username.utf8.count <= 256,
            !username.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidUsername }
    }
}
