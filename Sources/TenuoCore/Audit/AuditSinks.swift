import Synchronization

/// The process-wide list of audit sinks: where the authorizer hands each decision's event.
///
/// No I/O happens here: a sink is a closure that the host (the C ABI, a test) supplies. With no
/// sink registered the authorizer pays one atomic load per decision and builds nothing.
/// Sinks run on the thread that made the decision, outside the registry's lock. A sink receives
/// its own registration id, so that a host can tell its deliveries apart (the C ABI uses it to
/// let a callback unregister itself and to drop decisions a callback makes).
public final class AuditSinks: Sendable {
    public typealias Sink = @Sendable (_ id: UInt64, _ event: AuditEvent, _ line: [UInt8]) -> Void

    /// One registered sink, with a count of deliveries in progress so that removal can wait
    /// for them (a host may free the sink's context right after removing it).
    public final class Entry: Sendable {
        public let id: UInt64
        let sink: Sink
        let state = Mutex<(inFlight: Int, removed: Bool)>((0, false))

        init(id: UInt64, sink: @escaping Sink) {
            self.id = id
            self.sink = sink
        }

        func enter() -> Bool {
            state.withLock { s in
                if s.removed { return false }
                s.inFlight += 1
                return true
            }
        }

        func leave() { state.withLock { $0.inFlight -= 1 } }

        /// True once the entry is removed and no delivery to it is still running.
        public var isIdle: Bool { state.withLock { $0.removed && $0.inFlight == 0 } }

        /// Deliveries to this sink running now, on any thread.
        public var deliveriesInFlight: Int { state.withLock { $0.inFlight } }
    }

    private struct State {
        var entries: [Entry] = []
        var nextID: UInt64 = 1
        var includeArguments = false
    }

    public static let shared = AuditSinks()

    private let active = Atomic<Bool>(false)
    private let state = Mutex(State())

    public init() {}

    /// Whether any sink is registered: the authorizer's fast path.
    @inline(__always)
    public var isActive: Bool { active.load(ordering: .acquiring) }

    /// Whether events carry argument values (and denial reasons, which may quote them).
    /// Off by default: values are replaced by `AuditEvent.redacted`.
    public var includeArguments: Bool {
        get { state.withLock { $0.includeArguments } }
        set { state.withLock { $0.includeArguments = newValue } }
    }

    /// Adds a sink; returns its id (never 0).
    public func register(_ sink: @escaping Sink) -> UInt64 {
        state.withLock { s in
            let e = Entry(id: s.nextID, sink: sink)
            s.nextID &+= 1
            s.entries.append(e)
            active.store(true, ordering: .releasing)
            return e.id
        }
    }

    /// Removes a sink. Returns the entry (poll `isIdle` before freeing what the sink uses), or
    /// nil when no sink has that id. New deliveries to it stop at once.
    public func unregister(_ id: UInt64) -> Entry? {
        state.withLock { s in
            guard let i = s.entries.firstIndex(where: { $0.id == id }) else { return nil }
            let e = s.entries.remove(at: i)
            e.state.withLock { $0.removed = true }
            active.store(!s.entries.isEmpty, ordering: .releasing)
            return e
        }
    }

    /// Number of registered sinks.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Delivers one event to every sink (rendered once).
    public func emit(_ event: AuditEvent) {
        let (entries, include) = state.withLock { ($0.entries, $0.includeArguments) }
        guard !entries.isEmpty else { return }
        let line = event.line(includeArguments: include)
        for e in entries where e.enter() {
            e.sink(e.id, event, line)
            e.leave()
        }
    }
}
