import Testing
@testable import TenuoCore

/// Audit events and the sink registry (issue #10). A private registry is used for delivery so
/// that parallel tests' decisions never reach these sinks; the authorizer hook itself is
/// exercised end to end by Tests/CTests/audit.c and tests/test_audit.py.
struct AuditTests {
    static func chain() throws -> WarrantChain {
        let issuer = try SigningKey(seed: [UInt8](repeating: 1, count: 32))
        let agent = try SigningKey(seed: [UInt8](repeating: 2, count: 32))
        var b = MintBuilder()
        try b.addTool("search")
        b.holder = agent.publicKey
        b.ttlSeconds = 3600
        b.id = WarrantID(unchecked: [UInt8](repeating: 0x11, count: 16))
        return try WarrantChain([try b.mint(key: issuer, now: 1_800_000_000)])
    }

    static func fields(_ v: Value) -> [String: Value] {
        if case .map(let m) = v { return m }
        return [:]
    }

    @Test func allowedEventFields() throws {
        let c = try Self.chain()
        let e = AuditEvent(chain: c, tool: "search", arguments: ["query": .string("weather NYC")], denial: nil,
                           now: 1_800_000_000, randomID: [1, 2, 3, 4, 5, 6, 7, 8])
        let m = Self.fields(e.json(includeArguments: false))
        #expect(m["event_type"] == .string("authorization_success") && m["action"] == .string("authorized"))
        #expect(m["id"] == .string("evt_0102030405060708") && m["ref"] == .string("01020304"))
        #expect(m["@timestamp"] == .string("2027-01-15T08:00:00Z") && m["time_unix"] == .int(1_800_000_000))
        #expect(m["warrant_id"] == .string("tnu_wrt_" + String(repeating: "11", count: 16)))
        #expect(m["chain_depth"] == .int(0) && m["chain_length"] == .int(1) && m["error_code"] == .null)
        #expect(m["holder"] == .string(c.leaf.payload.holder.hex))
        #expect(m["arguments"] == .map(["query": .string(AuditEvent.redacted)]))
    }

    @Test func deniedEventRedactsUnlessAsked() throws {
        let c = try Self.chain()
        let d = Denial(code: .constraintViolation, denyCode: "CONSTRAINT_MISMATCH", tool: "search", field: "query",
                       reason: "'stock prices' does not match", suggestion: "use weather *")
        let e = AuditEvent(chain: c, tool: "search", arguments: ["query": .string("stock prices")], denial: d,
                           now: 1_800_000_000)
        let hidden = String(decoding: e.line(includeArguments: false), as: UTF8.self)
        #expect(!hidden.contains("stock prices"))
        let m = Self.fields(e.json(includeArguments: false))
        #expect(m["error_code"] == .string("CONSTRAINT_VIOLATION") && m["wire_code"] == .int(1501))
        #expect(m["deny_code"] == .string("CONSTRAINT_MISMATCH") && m["field"] == .string("query"))
        #expect(m["suggestion"] == nil)
        let shown = Self.fields(e.json(includeArguments: true))
        #expect(shown["arguments"] == .map(["query": .string("stock prices")]))
        #expect(shown["details"] == .string("Authorization denied: 'stock prices' does not match"))
    }

    @Test func registryDeliversToEachSinkAndStopsAfterRemoval() throws {
        let reg = AuditSinks()
        #expect(!reg.isActive)
        let seen = Counter()
        let a = reg.register { _, _, _ in seen.add(1) }
        let b = reg.register { _, _, _ in seen.add(100) }
        #expect(reg.isActive && reg.count == 2 && a != b)
        let e = AuditEvent(chain: try Self.chain(), tool: "search", arguments: [:], denial: nil, now: 0)
        reg.emit(e)
        #expect(seen.value == 101)
        let entry = reg.unregister(b)
        #expect(entry?.isIdle == true && reg.unregister(b) == nil)
        reg.emit(e)
        #expect(seen.value == 102)
        _ = reg.unregister(a)
        #expect(!reg.isActive)
        reg.emit(e)
        #expect(seen.value == 102)
    }
}

final class Counter: @unchecked Sendable {
    private var n = 0
    private let lock = NSLockish()
    func add(_ k: Int) { lock.run { n += k } }
    var value: Int { lock.run { n } }
}

import Synchronization

final class NSLockish: Sendable {
    private let m = Mutex(())
    func run<T>(_ body: () -> T) -> T { m.withLock { _ in body() } }
}
