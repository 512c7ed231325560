/// The CEL dialect of the reference (tenuo 0.3.3 wraps the Rust `cel-interpreter` 0.10 with its
/// ANTLR grammar): tokens, the syntax tree, and a recursive-descent parser with bounded depth.
///
/// Parsing follows the reference's grammar and its quirks: relations (`<`, `==`, `in`, …) share
/// one left-associative level; a run of `!` or `-` applies the operator once (`!!x` is `!x`); a
/// single `-` before a number is part of the literal (`-9223372036854775808` is valid); `has`,
/// `all`, `exists`, `exists_one`/`existsOne`, `map` (2 or 3 arguments) and `filter` are macros
/// when called with the reference's argument counts, and their variable must be a plain name.
/// Message construction (`Foo{a: 1}`), optional syntax (`a.?b`, `[?x]`) and escaped identifiers
/// parse to a node that raises when evaluated (the reference panics or refuses them).

/// A syntax tree node. `Equatable` is structural (used by attenuation to compare a child's left
/// operand with the parent expression).
indirect enum CelExpr: Equatable, Sendable {
    case literal(CelValue)
    case ident(String)
    /// `operand.field`; `test` for `has(operand.field)`.
    case select(CelExpr, String, test: Bool)
    /// A function call, `name(args)` or `target.name(args)`.
    case call(String, target: CelExpr?, args: [CelExpr])
    case unary(CelUnary, CelExpr)
    case binary(CelBinary, CelExpr, CelExpr)
    case conditional(CelExpr, CelExpr, CelExpr)
    case index(CelExpr, CelExpr)
    case list([CelExpr])
    case map([CelEntry])
    /// A macro over `range` binding `variable`: `step` is the predicate (all, exists,
    /// exists_one, filter) or the transform (map); `filter` is map's optional middle argument.
    case comprehension(CelMacro, range: CelExpr, variable: String, step: CelExpr, filter: CelExpr?)
    /// Syntax the reference parses but cannot evaluate (message construction, optionals).
    case unsupported(String)
}

struct CelEntry: Equatable, Sendable {
    let key: CelExpr
    let value: CelExpr
}

enum CelUnary: Equatable, Sendable { case not, negate }

enum CelBinary: String, Equatable, Sendable {
    case or = "||", and = "&&"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in` = "in"
    case add = "+", sub = "-", mul = "*", div = "/", rem = "%"
}

enum CelMacro: String, Equatable, Sendable { case all, exists, existsOne, map, filter }

/// The size limits of a CEL program. The expression text is further bounded by the 4 KiB
/// constraint value limit; these keep parsing and evaluation recursion shallow enough for the
/// library's stack budget whatever the text.
public enum CelLimits {
    /// Maximum expression length in UTF-8 bytes.
    public static let maxExpressionBytes = 4096
    /// Maximum nesting of parentheses, brackets, braces, call arguments and unary operators.
    public static let maxNesting = 32
    /// Maximum depth of the syntax tree (a chain `a || b || …` of n terms is n deep).
    public static let maxTreeDepth = 160
    /// Maximum number of syntax tree nodes.
    public static let maxNodes = 4096
    /// Evaluation steps allowed per call: one per node evaluated, plus the size of what string
    /// and list operations scan (a step per 16 elements or bytes) or build (4 steps an element,
    /// one per 4 bytes, which also bounds allocation): some hundreds of milliseconds at most.
    public static let maxSteps = 8_000_000
}

/// A parse failure: `limit` when a size limit is exceeded (refused at decode), otherwise a
/// syntax error (the constraint decodes and denies every call, as in the reference).
struct CelParseError: Error, Sendable, Equatable {
    let message: String
    let limit: Bool
}

enum CelToken: Equatable, Sendable {
    case int(String, hex: Bool)  // digits only, without sign
    case uint(String, hex: Bool)
    case double(String)
    case string(String)
    case bytes([UInt8])
    case ident(String)
    case keyword(String)  // true false null in
    case punct(String)
    case unsupported(String)  // backtick identifiers, unterminated forms the grammar cannot lex
    case end
}

/// The lexer: ASCII identifiers and numbers, the four quote forms with raw and bytes
/// prefixes and CEL's escapes, `//` comments.
struct CelLexer {
    let bytes: [UInt8]
    var pos = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) }

    func peek(_ k: Int = 0) -> UInt8? { pos + k < bytes.count ? bytes[pos + k] : nil }

    mutating func tokenize() throws(CelParseError) -> [CelToken] {
        var out: [CelToken] = []
        while true {
            let t = try next()
            out.append(t)
            if t == .end { return out }
        }
    }

    mutating func next() throws(CelParseError) -> CelToken {
        // Whitespace (\t \n \f \r space) and comments.
        while let b = peek() {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D {
                pos += 1
            } else if b == 0x2F && peek(1) == 0x2F {
                while let c = peek(), c != 0x0A { pos += 1 }
            } else {
                break
            }
        }
        guard let b = peek() else { return .end }
        // Strings and bytes, with optional r/R and b/B prefixes in either order.
        if b == 0x22 || b == 0x27 { return try quoted(raw: false, isBytes: false) }
        if let q = prefixedQuote() { return q }
        if CelLexer.isLetter(b) {
            let start = pos
            while let c = peek(), CelLexer.isLetter(c) || CelLexer.isDigit(c) { pos += 1 }
            let word = String(decoding: bytes[start..<pos], as: UTF8.self)
            switch word {
            case "true", "false", "null", "in": return .keyword(word)
            default: return .ident(word)
            }
        }
        if CelLexer.isDigit(b) || (b == 0x2E && peek(1).map(CelLexer.isDigit) == true) { return number() }
        if b == 0x60 {
            pos += 1
            while let c = peek(), c != 0x60 { pos += 1 }
            pos = min(pos + 1, bytes.count)
            return .unsupported("escaped identifier")
        }
        let two = peek(1).map { String(decoding: [b, $0], as: UTF8.self) } ?? ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            pos += 2
            return .punct(two)
        }
        let one = String(decoding: [b], as: UTF8.self)
        if "<>[]{}().,-!?:+*/%".utf8.contains(b) {
            pos += 1
            return .punct(one)
        }
        throw CelParseError(message: "Syntax error: token recognition error at: '\(one)'", limit: false)
    }

    mutating func prefixedQuote() -> CelToken? {
        var k = 0
        var raw = false
        var isBytes = false
        while k < 2, let c = peek(k) {
            if (c == 0x72 || c == 0x52) && !raw { raw = true } else if (c == 0x62 || c == 0x42) && !isBytes { isBytes = true } else { break }
            k += 1
        }
        guard k > 0, let q = peek(k), q == 0x22 || q == 0x27 else { return nil }
        let save = pos
        pos += k
        if let t = try? quoted(raw: raw, isBytes: isBytes) { return t }
        pos = save
        return nil
    }

    /// A quoted literal at `pos` (the opening quote).
    mutating func quoted(raw: Bool, isBytes: Bool) throws(CelParseError) -> CelToken {
        guard let q = peek() else { throw CelParseError(message: "Syntax error: unterminated string", limit: false) }
        let triple = peek(1) == q && peek(2) == q
        pos += triple ? 3 : 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw CelParseError(message: "Syntax error: unterminated string", limit: false) }
            if c == q && (!triple || (peek(1) == q && peek(2) == q)) {
                pos += triple ? 3 : 1
                break
            }
            if !triple && (c == 0x0A || c == 0x0D) {
                throw CelParseError(message: "Syntax error: newline in string", limit: false)
            }
            if c == 0x5C && !raw {
                try escape(into: &out, isBytes: isBytes)
                continue
            }
            out.append(c)
            pos += 1
        }
        if isBytes { return .bytes(out) }
        // Escapes are checked to produce valid UTF-8 (octal/hex escapes in strings are code points).
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// One escape sequence after a backslash at `pos`.
    mutating func escape(into out: inout [UInt8], isBytes: Bool) throws(CelParseError) {
        let bad = CelParseError(message: "Syntax error: invalid escape sequence", limit: false)
        guard let e = peek(1) else { throw bad }
        func hexValue(_ count: Int) throws(CelParseError) -> UInt32 {
            var v: UInt32 = 0
            for i in 0..<count {
                guard let h = peek(2 + i), CelLexer.isHex(h) else { throw bad }
                let d: UInt32 = h <= 0x39 ? UInt32(h - 0x30) : h <= 0x46 ? UInt32(h - 0x41 + 10) : UInt32(h - 0x61 + 10)
                v = v << 4 | d
            }
            return v
        }
        func scalar(_ v: UInt32) throws(CelParseError) {
            guard let s = Unicode.Scalar(v) else { throw bad }
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        switch e {
        case 0x61: out.append(0x07); pos += 2
        case 0x62: out.append(0x08); pos += 2
        case 0x66: out.append(0x0C); pos += 2
        case 0x6E: out.append(0x0A); pos += 2
        case 0x72: out.append(0x0D); pos += 2
        case 0x74: out.append(0x09); pos += 2
        case 0x76: out.append(0x0B); pos += 2
        case 0x22, 0x27, 0x5C, 0x3F, 0x60: out.append(e); pos += 2
        case 0x78, 0x58:
            let v = try hexValue(2)
            if isBytes { out.append(UInt8(v)) } else { try scalar(v) }
            pos += 4
        case 0x75:
            if isBytes { throw bad }
            try scalar(try hexValue(4))
            pos += 6
        case 0x55:
            if isBytes { throw bad }
            try scalar(try hexValue(8))
            pos += 10
        case 0x30...0x33:
            guard let o1 = peek(2), let o2 = peek(3), (0x30...0x37).contains(o1), (0x30...0x37).contains(o2) else { throw bad }
            let v = UInt32(e - 0x30) << 6 | UInt32(o1 - 0x30) << 3 | UInt32(o2 - 0x30)
            if isBytes { out.append(UInt8(v)) } else { try scalar(v) }
            pos += 4
        default: throw bad
        }
    }

    mutating func number() -> CelToken {
        let start = pos
        if peek() == 0x30 && (peek(1) == 0x78) && peek(2).map(CelLexer.isHex) == true {
            pos += 2
            let ds = pos
            while let c = peek(), CelLexer.isHex(c) { pos += 1 }
            let digits = String(decoding: bytes[ds..<pos], as: UTF8.self)
            if peek() == 0x75 || peek() == 0x55 {
                pos += 1
                return .uint(digits, hex: true)
            }
            return .int(digits, hex: true)
        }
        while let c = peek(), CelLexer.isDigit(c) { pos += 1 }
        var isFloat = false
        if peek() == 0x2E, peek(1).map(CelLexer.isDigit) == true {
            isFloat = true
            pos += 1
            while let c = peek(), CelLexer.isDigit(c) { pos += 1 }
        }
        if peek() == 0x65 || peek() == 0x45 {
            var k = 1
            if peek(1) == 0x2B || peek(1) == 0x2D { k = 2 }
            if peek(k).map(CelLexer.isDigit) == true {
                isFloat = true
                pos += k
                while let c = peek(), CelLexer.isDigit(c) { pos += 1 }
            }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if isFloat { return .double(text) }
        if peek() == 0x75 || peek() == 0x55 {
            pos += 1
            return .uint(text, hex: false)
        }
        return .int(text, hex: false)
    }
}

/// Recursive-descent parser over the token list; nesting, tree depth and size are bounded
/// while parsing (so no deep tree is ever built, and none has to be torn down recursively).
struct CelParser {
    /// A parsed subtree and its depth.
    typealias P = (e: CelExpr, d: Int)

    var tokens: [CelToken]
    var i = 0
    var nesting = 0
    var nodes = 0

    /// A parsed program and its node count.
    struct Program: Sendable {
        let root: CelExpr
        let nodes: Int
    }

    static func parse(_ text: String) -> Result<Program, CelParseError> {
        do throws(CelParseError) {
            if text.utf8.count > CelLimits.maxExpressionBytes {
                throw CelParseError(
                    message: "expression is \(text.utf8.count) bytes (limit \(CelLimits.maxExpressionBytes))", limit: true)
            }
            var lexer = CelLexer(text)
            var p = CelParser(tokens: try lexer.tokenize())
            let e = try p.expr()
            guard p.peek == .end else { throw p.syntax("extraneous input \(p.describe(p.peek))") }
            return .success(Program(root: e.e, nodes: p.nodes))
        } catch {
            return .failure(error)
        }
    }

    var peek: CelToken { i < tokens.count ? tokens[i] : .end }
    func peek(_ k: Int) -> CelToken { i + k < tokens.count ? tokens[i + k] : .end }

    func syntax(_ m: String) -> CelParseError { CelParseError(message: "Syntax error: \(m)", limit: false) }

    func describe(_ t: CelToken) -> String {
        switch t {
        case .end: return "<EOF>"
        case .punct(let p): return "'\(p)'"
        case .ident(let s), .keyword(let s): return "'\(s)'"
        default: return "literal"
        }
    }

    /// Counts a node whose children have the given depths.
    mutating func node(_ e: CelExpr, _ children: Int...) throws(CelParseError) -> P {
        nodes += 1
        if nodes > CelLimits.maxNodes {
            throw CelParseError(message: "more than \(CelLimits.maxNodes) syntax tree nodes", limit: true)
        }
        let d = 1 + (children.max() ?? 0)
        if d > CelLimits.maxTreeDepth {
            throw CelParseError(message: "syntax tree deeper than \(CelLimits.maxTreeDepth)", limit: true)
        }
        return (e, d)
    }

    mutating func enter() throws(CelParseError) {
        nesting += 1
        if nesting > CelLimits.maxNesting {
            throw CelParseError(message: "nesting exceeds \(CelLimits.maxNesting) levels", limit: true)
        }
    }

    mutating func expect(_ p: String) throws(CelParseError) {
        guard peek == .punct(p) else { throw syntax("mismatched input \(describe(peek)) expecting '\(p)'") }
        i += 1
    }

    mutating func accept(_ p: String) -> Bool {
        if peek == .punct(p) {
            i += 1
            return true
        }
        return false
    }

    mutating func expr() throws(CelParseError) -> P {
        try enter()
        defer { nesting -= 1 }
        let c = try binaryLevel(0)
        guard accept("?") else { return c }
        let a = try binaryLevel(0)
        try expect(":")
        let b = try expr()
        return try node(.conditional(c.e, a.e, b.e), c.d, a.d, b.d)
    }

    /// Levels: 0 `||`, 1 `&&`, 2 relations, 3 `+ -`, 4 `* / %`; each left-associative.
    static let levels: [[String]] = [["||"], ["&&"], ["<", "<=", ">=", ">", "==", "!=", "in"], ["+", "-"], ["*", "/", "%"]]

    mutating func binaryLevel(_ level: Int) throws(CelParseError) -> P {
        if level == CelParser.levels.count { return try unary() }
        var left = try binaryLevel(level + 1)
        while true {
            let op: String
            switch peek {
            case .punct(let p) where CelParser.levels[level].contains(p): op = p
            case .keyword("in") where level == 2: op = "in"
            default: return left
            }
            i += 1
            let right = try binaryLevel(level + 1)
            guard let b = CelBinary(rawValue: op) else { throw syntax("unknown operator \(op)") }
            left = try node(.binary(b, left.e, right.e), left.d, right.d)
        }
    }

    mutating func unary() throws(CelParseError) -> P {
        if peek == .punct("!") || peek == .punct("-") {
            let op = peek
            var count = 0
            while peek == op {
                i += 1
                count += 1
            }
            // A single '-' before an int or double literal is that literal's sign.
            if op == .punct("-") && count == 1 {
                switch peek {
                case .int, .double:
                    return try member(try literal(negative: true))
                default: break
                }
            }
            try enter()
            defer { nesting -= 1 }
            let m = try member(try primary())
            return try node(.unary(op == .punct("!") ? .not : .negate, m.e), m.d)
        }
        return try member(try primary())
    }

    mutating func member(_ base: P) throws(CelParseError) -> P {
        var e = base
        while true {
            if accept(".") {
                if accept("?") { e = try node(.unsupported("optional field selection"), e.d) }
                guard case .ident(let name) = peek else {
                    if case .unsupported(let what) = peek {
                        i += 1
                        e = try node(.unsupported(what), e.d)
                        continue
                    }
                    throw syntax("mismatched input \(describe(peek)) expecting IDENTIFIER")
                }
                i += 1
                if accept("(") {
                    let args = try arguments(close: ")")
                    e = try call(name, target: e, args: args)
                } else {
                    e = try node(.select(e.e, name, test: false), e.d)
                }
            } else if accept("[") {
                try enter()
                defer { nesting -= 1 }
                if accept("?") { e = try node(.unsupported("optional index"), e.d) }
                let idx = try expr()
                try expect("]")
                e = try node(.index(e.e, idx.e), e.d, idx.d)
            } else {
                return e
            }
        }
    }

    /// Comma-separated expressions up to `close` (already past the opening token).
    mutating func arguments(close: String) throws(CelParseError) -> [P] {
        try enter()
        defer { nesting -= 1 }
        var args: [P] = []
        if accept(close) { return args }
        while true {
            args.append(try expr())
            if accept(close) { return args }
            try expect(",")
        }
    }

    /// A call, or the macro the reference expands for that name and argument count.
    mutating func call(_ name: String, target: P?, args: [P]) throws(CelParseError) -> P {
        let depths = args.map(\.d) + [target?.d ?? 0]
        let deepest = depths.max() ?? 0
        if let t = target, args.count == 2 || (name == "map" && args.count == 3) {
            let kind: CelMacro?
            switch name {
            case "all" where args.count == 2: kind = .all
            case "exists" where args.count == 2: kind = .exists
            case "exists_one" where args.count == 2, "existsOne" where args.count == 2: kind = .existsOne
            case "map": kind = .map
            case "filter" where args.count == 2: kind = .filter
            default: kind = nil
            }
            if let k = kind {
                guard case .ident(let v) = args[0].e else { throw syntax("argument must be a simple name") }
                let filter = args.count == 3 ? args[1].e : nil
                return try node(
                    .comprehension(k, range: t.e, variable: v, step: args[args.count - 1].e, filter: filter), deepest)
            }
        }
        if name == "has" && target == nil && args.count == 1 {
            guard case .select(let operand, let field, _) = args[0].e else {
                throw CelParseError(message: "invalid argument to has() macro", limit: false)
            }
            return try node(.select(operand, field, test: true), deepest)
        }
        return try node(.call(name, target: target?.e, args: args.map(\.e)), deepest)
    }

    mutating func literal(negative: Bool) throws(CelParseError) -> P {
        let t = peek
        i += 1
        switch t {
        case .int(let digits, let hex):
            // The reference refuses a negative hex literal ("-0x10").
            let text = (negative ? "-" : "") + digits
            guard !(negative && hex), let v = Int64(text, radix: hex ? 16 : 10) else { throw CelParseError(message: "invalid int literal", limit: false) }
            return try node(.literal(.int(v)))
        case .uint(let digits, let hex):
            guard let v = UInt64(digits, radix: hex ? 16 : 10) else { throw CelParseError(message: "invalid uint literal", limit: false) }
            return try node(.literal(.uint(v)))
        case .double(let text):
            guard let v = Double(text) else { throw CelParseError(message: "invalid double literal", limit: false) }
            return try node(.literal(.double(negative ? -v : v)))
        default:
            throw syntax("expected a number")
        }
    }

    mutating func primary() throws(CelParseError) -> P {
        let t = peek
        switch t {
        case .int, .uint, .double:
            return try literal(negative: false)
        case .string(let s):
            i += 1
            return try node(.literal(.string(s)))
        case .bytes(let b):
            i += 1
            return try node(.literal(.bytes(b)))
        case .keyword("true"):
            i += 1
            return try node(.literal(.bool(true)))
        case .keyword("false"):
            i += 1
            return try node(.literal(.bool(false)))
        case .keyword("null"):
            i += 1
            return try node(.literal(.null))
        case .punct("("):
            i += 1
            let e = try expr()
            try expect(")")
            return e
        case .punct("["):
            i += 1
            if peek == .punct("?") { return try skipUnsupported("optional list element", close: "]") }
            var elems: [P] = []
            try enter()
            defer { nesting -= 1 }
            if !accept("]") {
                while true {
                    elems.append(try expr())
                    if accept("]") { break }
                    try expect(",")
                    if accept("]") { break }
                }
            }
            return try node(.list(elems.map(\.e)), elems.map(\.d).max() ?? 0)
        case .punct("{"):
            i += 1
            var entries: [CelEntry] = []
            var deepest = 0
            try enter()
            defer { nesting -= 1 }
            if !accept("}") {
                while true {
                    if peek == .punct("?") { return try skipUnsupported("optional map entry", close: "}") }
                    let k = try expr()
                    try expect(":")
                    let v = try expr()
                    entries.append(CelEntry(key: k.e, value: v.e))
                    deepest = max(deepest, k.d, v.d)
                    if accept("}") { break }
                    try expect(",")
                    if accept("}") { break }
                }
            }
            return try node(.map(entries), deepest)
        case .punct("."), .ident:
            let leadingDot = accept(".")
            guard case .ident(var name) = peek else { throw syntax("mismatched input \(describe(peek)) expecting IDENTIFIER") }
            i += 1
            if leadingDot { name = "." + name }
            if accept("(") {
                let args = try arguments(close: ")")
                return try call(name, target: nil, args: args)
            }
            // Message construction: Name{…} or a.b.C{…}.
            var k = 0
            while peek(k) == .punct("."), case .ident = peek(k + 1) { k += 2 }
            if peek(k) == .punct("{") {
                i += k
                return try skipUnsupported("message construction", close: "}")
            }
            return try node(.ident(name))
        case .unsupported(let what):
            i += 1
            return try node(.unsupported(what))
        default:
            throw syntax("mismatched input \(describe(t))")
        }
    }

    /// Skips a balanced `{…}`/`[…]` the evaluator cannot run, yielding an unsupported node.
    mutating func skipUnsupported(_ what: String, close: String) throws(CelParseError) -> P {
        var depth = 1
        if peek == .punct("{") || peek == .punct("[") { i += 1 }
        while depth > 0 {
            switch peek {
            case .end: throw syntax("missing '\(close)'")
            case .punct("{"), .punct("["), .punct("("): depth += 1
            case .punct("}"), .punct("]"), .punct(")"): depth -= 1
            default: break
            }
            i += 1
            if depth > CelLimits.maxNesting {
                throw CelParseError(message: "nesting exceeds \(CelLimits.maxNesting) levels", limit: true)
            }
        }
        return try node(.unsupported(what))
    }

}
