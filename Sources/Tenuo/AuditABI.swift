// Audit sinks: a host registers a callback that receives one JSON line per authorization
// decision made by any authorizer in the process.
import TenuoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An audit sink: called once per authorization decision (allowed or denied) with the
/// `context` given at registration and the event as one JSON object on one line, `len` bytes
/// long plus a terminating NUL. The line is borrowed for the duration of the call: copy it to
/// keep it. Called on the thread that made the decision (or on the library's large-stack
/// helper thread when that thread's stack was nearly exhausted), possibly from several threads
/// at once. A callback may authorize (those decisions are not delivered to any sink, so a sink
/// cannot recurse into itself) and may unregister itself.
public typealias tenuo_audit_fn = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UInt) -> Void

/// The context pointer travels with its callback; the host promises it may be used from any
/// thread (the registration's documented contract).
private struct SinkTarget: @unchecked Sendable {
    let callback: tenuo_audit_fn
    let context: UnsafeMutableRawPointer?

    /// Calls the host's callback, unless this thread is already inside one: a decision made
    /// by a sink is not delivered, so a sink that authorizes cannot recurse without end.
    func deliver(_ line: [UInt8], sinkID: UInt64) {
        guard let key = deliveringKey, pthread_getspecific(key) == nil else { return }
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: UInt(truncatingIfNeeded: sinkID)))
        defer { pthread_setspecific(key, nil) }
        var z = line
        z.append(0)
        z.withUnsafeBufferPointer { buf in
            buf.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                callback(context, p, UInt(line.count))
            }
        }
    }
}

/// The id of the sink whose callback this thread is running (nil outside any callback). Without
/// the key (the process ran out of pthread keys) no event is delivered.
private let deliveringKey: pthread_key_t? = {
    var key = pthread_key_t()
    return pthread_key_create(&key, nil) == 0 ? key : nil
}()

/// Registers an audit sink. Every authorization decision made afterwards by
/// `tenuo_authorizer_check`, `_check_chain` and their `_with_approvals` forms, on any thread,
/// is delivered to it as one JSON line with the keys `event_type` (`authorization_success` or
/// `authorization_failure`), `action` (`authorized`/`denied`), `tool`, `warrant_id`,
/// `chain_depth`, `chain_length`, `holder`, `issuer`, `error_code` (the status name, e.g.
/// `CONSTRAINT_VIOLATION`; null when allowed), `wire_code`, `deny_code`, `field`, `details`,
/// `arguments` (values replaced by `"[REDACTED]"` unless `tenuo_audit_set_include_arguments`),
/// `arguments_redacted`, `id` (`evt_` + 16 hex), `ref` (its first 8 hex digits, to quote in an
/// opaque client error), `@timestamp` (RFC 3339, from the `now_unix` the decision was made at),
/// `time_unix`, `severity` and `service`. Several sinks may be registered; each gets every
/// event. With no sink registered, authorization builds no event (one atomic load).
///
/// Threads: safe to call from any thread; the callback runs as `tenuo_audit_fn` describes.
/// - Parameters:
///   - callback: The sink.
///   - context: Passed back to every call of `callback`; may be NULL.
///   - out_id: Receives the registration id (never 0), for `tenuo_audit_sink_unregister`.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_audit_sink_register(_ callback: tenuo_audit_fn?, _ context: UnsafeMutableRawPointer?, _ out_id: UnsafeMutablePointer<UInt64>?) -> tenuo_status {
    out_id?.pointee = 0
    return guarded { () throws(TenuoError) in
        let out = try requireOut(out_id, "sink id")
        guard let cb = callback else { throw TenuoError(.nullArgument, "callback is NULL") }
        let target = SinkTarget(callback: cb, context: context)
        guard deliveringKey != nil else { throw TenuoError(.internalError, "no thread key is left for audit delivery") }
        out.pointee = AuditSinks.shared.register { id, _, line in target.deliver(line, sinkID: id) }
    }
}

/// Unregisters an audit sink. When it returns, the callback will not be called again and is not
/// running on any other thread, so its context may be freed once the callback itself (when
/// called from inside it) returns.
///
/// Threads: safe to call from any thread.
/// - Parameters:
///   - id: The id `tenuo_audit_sink_register` returned.
/// - Returns: TENUO_OK, or TENUO_E_INVALID_ARGUMENT when no sink has that id (never
///   registered, or already removed).
@c public func tenuo_audit_sink_unregister(_ id: UInt64) -> tenuo_status {
    guarded { () throws(TenuoError) in
        guard let entry = AuditSinks.shared.unregister(id) else {
            throw TenuoError(.invalidArgument, "no audit sink is registered with id \(id)")
        }
        // From inside this sink's own callback, that delivery is the one that may still run.
        let own = deliveringKey.flatMap { pthread_getspecific($0) }.map { UInt64(UInt(bitPattern: $0)) == id } ?? false
        while entry.deliveriesInFlight > (own ? 1 : 0) { sched_yield() }
    }
}

/// Chooses whether audit events carry the calls' argument values. Off by default: each value
/// is written as `"[REDACTED]"` (the argument names stay), and a denial's `details` names only
/// its code and the argument at fault. On: `arguments` holds the values as JSON, `details` the
/// full reason and `suggestion` the fix, both of which may quote values. Applies to every sink,
/// from the next event on.
///
/// Threads: safe to call from any thread.
/// - Parameters:
///   - include: true to include values.
@c public func tenuo_audit_set_include_arguments(_ include: Bool) {
    AuditSinks.shared.includeArguments = include
}

/// Whether audit events carry argument values (`tenuo_audit_set_include_arguments`).
///
/// Threads: safe to call from any thread.
/// - Returns: true when values are included.
@c public func tenuo_audit_include_arguments() -> Bool {
    AuditSinks.shared.includeArguments
}

/// The number of audit sinks registered now (0 means authorization builds no events).
///
/// Threads: safe to call from any thread.
/// - Returns: The count.
@c public func tenuo_audit_sink_count() -> UInt {
    UInt(AuditSinks.shared.count)
}
