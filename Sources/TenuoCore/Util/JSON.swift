/// Size and nesting limits applied while parsing JSON. Breaching one is a `valueTooLarge` error.
public struct JSONLimits: Sendable {
    /// Hard ceiling on `maxDepth`: parsing (and `Value` itself) recurse once per nesting level,
    /// so a larger configured depth is clamped here to keep the stack bounded on any thread.
    public static let depthCeiling = 512

    /// Maximum number of arrays/objects open at once (the top-level container counts as 1).
    public var maxDepth: Int
    /// Maximum size of the whole input in bytes.
    public var maxBytes: Int
    /// Maximum size of one decoded string (value or key) in UTF-8 bytes.
    public var maxStringBytes: Int

    public init(maxDepth: Int = 64, maxBytes: Int = 1 << 20, maxStringBytes: Int = 1 << 20) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.maxStringBytes = maxStringBytes
    }
}

/// Strict JSON (RFC 8259) to and from the core's `Value` model, without Foundation.
///
/// Parsing is a single pass over UTF-8 bytes. Besides RFC 8259 it accepts the tokens `NaN`,
/// `Infinity` and `-Infinity` (which Python's `json.dumps` emits) as floats. It rejects
/// duplicate object keys, lone surrogate escapes, raw control characters in strings, invalid
/// UTF-8 (overlong forms, surrogates, code points above U+10FFFF), leading zeros, `+1`, `.5`,
/// `1.`, trailing commas and anything after the value but whitespace. Keys are compared as
/// Swift `String`s, which means canonical equivalence: `"café"` spelled NFC and NFD in one
/// object is a duplicate too (the reference, comparing code points, would keep both).
///
/// Numbers: a literal without fraction or exponent is `.int` when it fits `Int64` and
/// otherwise `.float` (as the reference converts Python ints beyond i64); a literal with
/// fraction or exponent is `.float`, correctly rounded. `-0` is `.int(0)`, `-0.0` is
/// `.float(-0.0)`.
///
/// Errors carry the 0-based byte offset of the fault: `invalidJSON` ("<what> at byte <n>"),
/// `invalidUTF8` for malformed UTF-8 inside strings, `valueTooLarge` for limit breaches.
public enum JSON {
    /// Parses exactly one JSON value from UTF-8 bytes; whitespace may surround it, nothing else.
    /// - Throws: `invalidJSON`, `invalidUTF8` or `valueTooLarge`, with the byte offset.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .init()) throws(TenuoError) -> Value
    {
        var p = try JSONParser(bytes, limits: limits)
        return try p.parseDocument()
    }

    /// Parses exactly one JSON value from UTF-8 bytes. See `parse(_:limits:)`.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .init()) throws(TenuoError) -> Value {
        try withBuffer(bytes) { (buf) throws(TenuoError) in try parse(buf, limits: limits) }
    }

    /// Parses exactly one JSON value from text. See `parse(_:limits:)`.
    public static func parse(_ text: String, limits: JSONLimits = .init()) throws(TenuoError) -> Value {
        try withBuffer(text) { (buf) throws(TenuoError) in try parse(buf, limits: limits) }
    }

    /// Parses a JSON object into an argument map.
    /// - Throws: `invalidJSON` when the top-level value is not an object, or any `parse` error.
    public static func parseObject(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .init()) throws(TenuoError)
        -> [String: Value]
    {
        var p = try JSONParser(bytes, limits: limits)
        return try p.parseObjectDocument()
    }

    /// Parses a JSON object into an argument map. See `parseObject(_:limits:)`.
    public static func parseObject(_ bytes: [UInt8], limits: JSONLimits = .init()) throws(TenuoError) -> [String: Value]
    {
        try withBuffer(bytes) { (buf) throws(TenuoError) in try parseObject(buf, limits: limits) }
    }

    /// Parses a JSON object into an argument map. See `parseObject(_:limits:)`.
    public static func parseObject(_ text: String, limits: JSONLimits = .init()) throws(TenuoError) -> [String: Value] {
        try withBuffer(text) { (buf) throws(TenuoError) in try parseObject(buf, limits: limits) }
    }

    // The standard library's `withUnsafeBytes`/`withUTF8` are not typed-throws, so the error
    // travels out through a `Result`.
    private static func withBuffer<R>(
        _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(TenuoError) -> R
    ) throws(TenuoError) -> R {
        let r: Result<R, TenuoError> = bytes.withUnsafeBytes { buf in
            do throws(TenuoError) { return .success(try body(buf)) } catch { return .failure(error) }
        }
        return try r.get()
    }

    static func withBuffer<R>(
        _ text: String, _ body: (UnsafeRawBufferPointer) throws(TenuoError) -> R
    ) throws(TenuoError) -> R {
        var t = text
        let r: Result<R, TenuoError> = t.withUTF8 { buf in
            do throws(TenuoError) { return .success(try body(UnsafeRawBufferPointer(buf))) } catch {
                return .failure(error)
            }
        }
        return try r.get()
    }
}
