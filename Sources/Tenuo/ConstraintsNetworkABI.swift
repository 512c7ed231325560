// Typed constructors for the network constraints (Cidr, UrlPattern, UrlSafe) and Regex, as in
// the Python module `tenuo.network`.
import TenuoCore

/// Regex: the pattern is searched in the string argument (unanchored, as the reference does;
/// write `^...$` to match the whole value). Runs on RE2, in time linear in the argument.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - pattern: The regular expression (UTF-8).
///   - pattern_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (does not compile, look-around, too large), or misuse codes.
@c public func tenuo_constraint_regex(_ pattern: UnsafePointer<CChar>?, _ pattern_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.regex(try text(pattern, pattern_len, "pattern")) }
}

/// Cidr: the argument must be an IP address inside the network (IPv4 or IPv6, e.g. `10.0.0.0/8`).
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - network: The network in CIDR notation (UTF-8); a bare address means /32 or /128.
///   - network_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (not a network), or misuse codes.
@c public func tenuo_constraint_cidr(_ network: UnsafePointer<CChar>?, _ network_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.cidr(try text(network, network_len, "network")) }
}

/// UrlPattern: the argument must be a URL whose scheme, host (`*.example.com` wildcards), port
/// and path match the pattern, e.g. `https://api.example.com/v1/*`.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - pattern: The URL pattern (UTF-8).
///   - pattern_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (not a URL pattern), or misuse codes.
@c public func tenuo_constraint_url_pattern(_ pattern: UnsafePointer<CChar>?, _ pattern_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.urlPattern(try text(pattern, pattern_len, "pattern")) }
}

/// UrlSafe: SSRF protection for URL arguments. Options are a JSON object with any of
/// `schemes` (default `["http", "https"]`), `allow_domains`, `deny_domains`, `allow_ports`,
/// `block_private`, `block_loopback`, `block_metadata`, `block_reserved` (default true) and
/// `block_internal_tlds` (default false); NULL/0 or `{}` gives every default.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - options_json: The options (UTF-8 JSON object), or NULL.
///   - options_len: Its length in bytes, or 0.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (unknown option, bad domain pattern), TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_constraint_url_safe(_ options_json: UnsafePointer<CChar>?, _ options_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in
        var options: [String: Value] = [:]
        if options_len > 0 {
            guard case .map(let m) = try jsonValue(options_json, options_len, "UrlSafe options") else {
                throw misuse(.invalidArgument, "UrlSafe options must be a JSON object")
            }
            options = m
        }
        guard options["type"] == nil else { throw misuse(.invalidArgument, "UrlSafe options must not carry a type") }
        options["type"] = .string("UrlSafe")
        return try Constraint(json: .map(options))
    }
}
