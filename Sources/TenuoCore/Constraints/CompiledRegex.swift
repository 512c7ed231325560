internal import CRE2Shim
import Synchronization

/// A Regex constraint's pattern, translated from Rust syntax and compiled by RE2.
///
/// RE2 matches in time linear in the argument whatever the pattern (no backtracking), and
/// its program size is bounded by a memory budget. Compiled programs are shared through a
/// small, lock-protected LRU cache keyed by the pattern's bytes, because every evaluation of
/// a decoded warrant would otherwise recompile.
struct CompiledRegex: Sendable {
    /// Why a pattern cannot be used: the reference rejects it too (`syntax`), or this build
    /// cannot run it faithfully (`unsupported`), or RE2 refused it (`re2`).
    enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case syntax(String)
        case unsupported(String)
        case re2(String)

        var description: String {
            switch self {
            case .syntax(let m): return "regex parse error: \(m)"
            case .unsupported(let m): return "not supported by this build: \(m)"
            case .re2(let m): return "RE2 cannot compile the pattern: \(m)"
            }
        }
    }

    /// Longest accepted pattern, in UTF-8 bytes (the spec's 4 KiB constraint value limit).
    static let maxPatternBytes = 4096
    /// RE2's memory budget per program (its default): about two thirds for the compiled
    /// program, the rest for the lazily built DFA, after which RE2 falls back to its NFA
    /// (whose cost `MatchCost` bounds).
    static let maxMemory: Int64 = 8 << 20
    /// The budget a small program is recompiled with (programs of at most
    /// `smallProgramSize` instructions, i.e. nearly every real pattern), so that the cache's
    /// memory budget (`RegexCache.maxBytes`) holds many of them.
    static let smallMemory: Int64 = 1 << 20
    static let smallProgramSize = 8192

    /// What this program may grow to (program plus DFA states): its RE2 memory budget.
    let memoryCharge: Int

    private let program: Program
    /// The pattern uses `\b`/`\B`, which RE2 evaluates on ASCII word characters only.
    let usesWordBoundary: Bool

    /// Translates and compiles a pattern (through the cache).
    static func compile(_ pattern: String) -> Result<CompiledRegex, Failure> {
        RegexCache.shared.lookup(pattern)
    }

    /// Translates and compiles without the cache.
    static func compileUncached(_ pattern: String) -> Result<CompiledRegex, Failure> {
        if pattern.utf8.count > maxPatternBytes {
            return .failure(.unsupported("patterns longer than \(maxPatternBytes) bytes"))
        }
        let translated: RegexTranslator.Output
        switch RegexTranslator.translate(pattern) {
        case .success(let t): translated = t
        case .failure(.syntax(let m)): return .failure(.syntax(m))
        case .failure(.unsupported(let m)): return .failure(.unsupported(m))
        }
        switch Program.compile(translated.re2, maxMemory: maxMemory) {
        case .success(let p):
            if p.size <= smallProgramSize, case .success(let small) = Program.compile(translated.re2, maxMemory: smallMemory) {
                return .success(CompiledRegex(memoryCharge: Int(smallMemory), program: small, usesWordBoundary: translated.usesWordBoundary))
            }
            return .success(CompiledRegex(memoryCharge: Int(maxMemory), program: p, usesWordBoundary: translated.usesWordBoundary))
        case .failure(let f): return .failure(f)
        }
    }

    /// Unanchored search, as the reference's `is_match`.
    /// - Throws: `.unsupported` when a word-boundary pattern meets non-ASCII text, `.re2`
    ///   when RE2 could not run.
    func search(_ text: String) throws(Failure) -> Bool {
        if usesWordBoundary && text.utf8.contains(where: { $0 >= 0x80 }) {
            throw .unsupported("\\b and \\B on non-ASCII text (RE2's word boundaries are ASCII-only)")
        }
        return try program.match(text)
    }

    var programSize: Int { program.size }

    /// Owns one `cre2shim_regex`.
    final class Program: @unchecked Sendable {
        // Safety: the RE2 object is immutable after compilation and RE2 documents concurrent
        // matching on one object as safe; the pointer is freed exactly once, in deinit.
        private let handle: OpaquePointer

        private init(handle: OpaquePointer) { self.handle = handle }

        deinit { cre2shim_free(handle) }

        static func compile(_ re2Pattern: String, maxMemory: Int64) -> Result<Program, Failure> {
            var errorBuffer = [CChar](repeating: 0, count: 256)
            var text = re2Pattern
            let handle: OpaquePointer? = text.withUTF8 { bytes in
                errorBuffer.withUnsafeMutableBufferPointer { err in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        cre2shim_compile(
                            chars.baseAddress, chars.count, maxMemory, err.baseAddress, err.count)
                    }
                }
            }
            guard let h = handle else {
                let end = errorBuffer.firstIndex(of: 0) ?? errorBuffer.count
                let message = String(decoding: errorBuffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return .failure(.re2(message))
            }
            return .success(Program(handle: h))
        }

        func match(_ text: String) throws(Failure) -> Bool {
            var copy = text
            let r = copy.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    cre2shim_match(handle, chars.baseAddress, chars.count, 0)
                }
            }
            guard r >= 0 else { throw .re2("matching failed (out of memory)") }
            return r == 1
        }

        var size: Int { Int(cre2shim_program_size(handle)) }
    }
}

/// A bounded least-recently-used cache of compiled patterns, safe to use from any thread.
/// Keys are the patterns' UTF-8 bytes (Swift `String` equality would merge canonically
/// equivalent patterns, which are different regexes). Failures are cached too.
final class RegexCache: Sendable {
    static let shared = RegexCache(capacity: 256)

    private struct Entry {
        let value: Result<CompiledRegex, CompiledRegex.Failure>
        var lastUse: UInt64
    }

    private struct State {
        var entries: [[UInt8]: Entry] = [:]
        var clock: UInt64 = 0
        /// The memory charged to the cached programs (their `memoryCharge`).
        var bytes = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    /// Global memory budget of the cache: each compiled program is charged its RE2 memory
    /// budget (`memoryCharge`: what its program and DFA can grow to; 1 MiB for the usual
    /// small program, 8 MiB for a large one), failures nothing; least recently used entries
    /// are evicted until a new program fits. So cached regexes never hold more than 128 MiB.
    let maxBytes: Int

    init(capacity: Int, maxBytes: Int = 128 << 20) {
        self.capacity = max(1, capacity)
        self.maxBytes = max(maxBytes, Int(CompiledRegex.maxMemory))
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// The memory charged to the cached programs, at most `maxBytes`.
    var chargedBytes: Int { state.withLock { $0.bytes } }

    private static func charge(_ v: Result<CompiledRegex, CompiledRegex.Failure>) -> Int {
        if case .success(let c) = v { return c.memoryCharge }
        return 0
    }

    func lookup(_ pattern: String) -> Result<CompiledRegex, CompiledRegex.Failure> {
        let key = Array(pattern.utf8)
        let hit: Result<CompiledRegex, CompiledRegex.Failure>? = state.withLock { s in
            s.clock &+= 1
            guard var e = s.entries[key] else { return nil }
            e.lastUse = s.clock
            s.entries[key] = e
            return e.value
        }
        if let h = hit { return h }
        // Compile outside the lock; if another thread won the race, keep its entry.
        let value = CompiledRegex.compileUncached(pattern)
        return state.withLock { s in
            s.clock &+= 1
            if let e = s.entries[key] { return e.value }
            let charge = RegexCache.charge(value)
            while s.entries.count >= capacity || s.bytes + charge > maxBytes {
                // Evict the least recently used entry (one holding memory, when over budget).
                let overCount = s.entries.count >= capacity
                let victim = s.entries.lazy.filter { overCount || RegexCache.charge($0.value.value) > 0 }
                    .min(by: { $0.value.lastUse < $1.value.lastUse })
                guard let victim else { break }
                s.bytes -= RegexCache.charge(victim.value.value)
                s.entries.removeValue(forKey: victim.key)
            }
            s.entries[key] = Entry(value: value, lastUse: s.clock)
            s.bytes += charge
            return value
        }
    }
}
