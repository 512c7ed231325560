/// Finer kinds of failure that share one spec code, named as the reference SDK names its
/// exception classes (`PatternExpanded` and `RangeExpanded` are both 1503). The core writes the
/// kind as the `"<Kind>: "` start of the message (`AttenuationFault.error`, the regex and URL
/// parsers); `of(message:)` reads it back against this closed list, so a binding can choose its
/// exception class from the kind rather than by searching the text.
public enum ErrorKind {
    /// Every kind name the core may write.
    public static let names: [String] = AttenuationFault.allCases.map(\.rawValue) + ["InvalidPattern"]

    /// The kind a message was written with, or nil: the first word of the closed list that
    /// ends at a `": "`, at the start or after the context a caller put in front
    /// (`"capability 'read' field 'n': IncompatibleConstraintTypes: …"`).
    public static func of(message: String) -> String? {
        let bytes = Array(message.utf8)
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let isLetter = (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
            if !isLetter {
                if b == 58, i + 1 < bytes.count, bytes[i + 1] == 32, i > start,
                    let word = String(validating: bytes[start..<i], as: UTF8.self), names.contains(word)
                {
                    return word
                }
                start = i + 1
            }
            i += 1
        }
        return nil
    }
}
