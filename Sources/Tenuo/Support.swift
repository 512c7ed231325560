// Conversion helpers shared by every exported function: the thread-local error message and kind,
// handle boxes, and checked reading of C inputs / writing of C outputs. No protocol logic.
import TenuoCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Thread-local error message

/// The key of the per-thread last-error string; its destructor frees a thread's message when
/// the thread exits. Created once (Swift globals initialise thread-safely). nil when
/// `pthread_key_create` failed (the process ran out of keys): then no message can be stored,
/// and every fallible entry point (`guarded`) returns `.internalError` without running,
/// rather than fail without a message.
/// The library is linked with `-z nodelete`, so the destructor stays mapped after `dlclose`.
private let errorKey: pthread_key_t? = {
    var key = pthread_key_t()
    guard pthread_key_create(&key, { p in free(p) }) == 0 else { return nil }
    return key
}()

/// The key of the per-thread last-error kind (a malloc'ed copy of `TenuoError.kind`, or NULL
/// when the last error had none), freed at thread exit like the message. nil when
/// `pthread_key_create` failed: then, as for `errorKey`, every `guarded` entry point returns
/// `.internalError` without running.
private let kindKey: pthread_key_t? = {
    var key = pthread_key_t()
    guard pthread_key_create(&key, { p in free(p) }) == 0 else { return nil }
    return key
}()

/// A static message for the one failure that cannot use the thread-local message.
private let keyFailureMessage: StaticString = "libtenuo: pthread_key_create failed; the library cannot report errors"

/// Replaces this thread's last-error message and kind (both, always: a failure without a kind
/// clears the kind of an earlier one).
func setLastError(_ message: String, kind: String? = nil) {
    if let errorKey {
        var m = message
        m.withUTF8 { storeText(errorKey, $0) }
    }
    setKind(kind)
}

/// Replaces this thread's last-error message with a copy of `utf8` and its kind; as
/// `setLastError(_:kind:)` without making a String of the message first.
func setLastError(utf8: UnsafeBufferPointer<UInt8>, kind: String?) {
    if let errorKey { storeText(errorKey, utf8) }
    setKind(kind)
}

private func setKind(_ kind: String?) {
    guard let kindKey else { return }
    if var kind {
        kind.withUTF8 { storeText(kindKey, $0) }
    } else {
        clearText(kindKey)
    }
}

/// A thread's reusable buffer: one malloc'ed block held by a thread-specific slot, a header
/// word giving the capacity of the bytes that follow, then the bytes (16-byte aligned). The
/// slot always names a live block or NULL; a block is freed only once the slot names its
/// replacement, and the slot's destructor frees it at thread exit. Used for the last error's
/// message and kind (below) and for the refusal records of `tenuo_authorizer_decide` and
/// `tenuo_authorizer_check_warrants` (BindingABI.swift).
enum ThreadBlock {
    /// Bytes before a block's contents.
    static let header = 16

    /// The capacity of `block`'s contents.
    static func capacity(_ block: UnsafeMutableRawPointer) -> Int { block.load(as: Int.self) }

    /// The contents of `block`.
    static func bytes(_ block: UnsafeMutableRawPointer) -> UnsafeMutablePointer<UInt8> {
        (block + header).assumingMemoryBound(to: UInt8.self)
    }

    /// This thread's block in `key` with room for `need` bytes: the one it holds when that is
    /// large enough and not an oversized block (past `keepLimit`) kept for a small need (at most
    /// `keepLimit / 2`), else a new one of `max(need, minimum)` bytes holding the first `keep`
    /// bytes of the old one, which is then freed. nil when out of memory (the slot unchanged).
    static func reserve(_ key: pthread_key_t, need: Int, minimum: Int, keepLimit: Int, keep: Int = 0)
        -> UnsafeMutableRawPointer?
    {
        let old = pthread_getspecific(key)
        if let old, case let held = capacity(old), held >= need, held <= keepLimit || need > keepLimit / 2 {
            return old
        }
        let capacity = max(need, minimum)
        guard capacity <= Int.max &- header, let fresh = malloc(header &+ capacity) else { return nil }
        fresh.storeBytes(of: capacity, as: Int.self)
        guard pthread_setspecific(key, fresh) == 0 else {
            free(fresh)
            return nil
        }
        if let old {
            if keep > 0 { memcpy(fresh + header, old + header, min(keep, capacity)) }
            free(old)
        }
        return fresh
    }
}

/// A message or kind block larger than this (a message quoting a huge input) is replaced by a
/// smaller one when a shorter text comes, rather than kept for the thread's lifetime.
private let textKeepLimit = 4096

/// Copies `bytes` and a terminating NUL into `key`'s block, reusing it when it fits. The text
/// ends at its first NUL when read, as a C string does. Out of memory: the slot is emptied.
private func storeText(_ key: pthread_key_t, _ bytes: UnsafeBufferPointer<UInt8>) {
    guard let block = ThreadBlock.reserve(key, need: bytes.count &+ 1, minimum: 64, keepLimit: textKeepLimit) else {
        clearText(key)
        return
    }
    let text = ThreadBlock.bytes(block)
    if let src = bytes.baseAddress, bytes.count > 0 { text.update(from: src, count: bytes.count) }
    text[bytes.count] = 0
}

/// Empties `key`'s slot (its text reads as NULL), freeing the block.
private func clearText(_ key: pthread_key_t) {
    guard let old = pthread_getspecific(key), pthread_setspecific(key, nil) == 0 else { return }
    free(old)
}

/// The text in `key`'s slot, or NULL.
private func slotText(_ key: pthread_key_t) -> UnsafePointer<CChar>? {
    guard let b = pthread_getspecific(key) else { return nil }
    return UnsafePointer(UnsafeMutableRawPointer(ThreadBlock.bytes(b)).assumingMemoryBound(to: CChar.self))
}

/// Returns the message of the last failing call made on this thread, or NULL when none failed.
///
/// Read it on the thread that made the failing call: each thread has its own message. If the
/// library could not create its thread-specific keys (the process ran out of pthread keys),
/// every fallible call returns TENUO_E_INTERNAL and this returns a static message saying so.
/// Threads: callable from any thread.
/// - Returns: A borrowed NUL-terminated string owned by the library, valid until the next
///   failing call on the same thread (do not free it).
@c public func tenuo_last_error_message() -> UnsafePointer<CChar>? {
    guard let errorKey, kindKey != nil else {
        return UnsafeRawPointer(keyFailureMessage.utf8Start).assumingMemoryBound(to: CChar.self)
    }
    return slotText(errorKey)
}

/// Returns the finer kind of the last failing call's error on this thread, when the core set
/// one because the status code alone does not say it: the reference SDK's exception name, e.g.
/// "PatternExpanded" or "RangeExpanded" (both TENUO_E_CAPABILITY_EXPANSION), "InvalidPattern",
/// "ValidationError", "SelfIssuanceProhibited"; NULL when that error has no kind, or no call
/// failed. The kind is data the core attached to the error, never read from the message.
///
/// Threads: read it on the thread that made the failing call, like `tenuo_last_error_message`;
/// each thread has its own.
/// - Returns: A borrowed NUL-terminated string owned by the library, valid until the next
///   failing call on the same thread (do not free it), or NULL.
@c public func tenuo_last_error_kind() -> UnsafePointer<CChar>? {
    guard let kindKey else { return nil }
    return slotText(kindKey)
}

/// Runs an entry point body: maps a thrown `TenuoError` to its status code and message. The
/// body runs on the calling thread, or on a library thread with a large stack when the caller
/// has less than `stackHopThreshold` of stack left (see `onLargeStack`).
@inline(__always)
func guarded(_ body: () throws(TenuoError) -> Void) -> tenuo_status {
    guard errorKey != nil, kindKey != nil else { return ErrorCode.internalError.rawValue }
    // The error is moved out of the closure through a local, never wrapped in a Result: copying
    // and destroying a Result<Void, TenuoError> cost ~400 instructions on every call, even
    // successful ones.
    var failure: TenuoError? = nil
    let ran = onLargeStack { () -> Bool in
        do throws(TenuoError) {
            try body()
            return true
        } catch {
            failure = error
            return false
        }
    }
    if ran == true { return 0 }
    guard let error = failure.take() else {
        return fail(TenuoError(.internalError, "the calling thread's stack is too small and no thread with a larger one could be started"))
    }
    return fail(error)
}

/// `guarded`'s failure path: records the error as the thread's last and returns its code.
@inline(never)
private func fail(_ error: borrowing TenuoError) -> tenuo_status {
    setLastError(error.message, kind: error.kind)
    return error.code.rawValue
}

// MARK: Small stacks
//
// Some inputs are processed recursively, one frame per nesting level, with every depth
// bounded (CBOR 128, constraint nesting 32, argument JSON 64, regex groups 250); the deepest
// of them need 116-124 KiB of stack in a release build (measured with the hop below off).
// A host may call from threads with smaller stacks (64 KiB is common for green threads and
// some thread pools; musl's default is 128 KiB). So an entry point first measures how much
// stack the calling thread has left (the thread's stack bounds are read once per thread,
// then kept in a thread-specific slot), and when that is below `stackHopThreshold` it runs
// its body on a short-lived library thread with an 8 MiB stack and waits for it. Calls from
// glibc's default threads (8 MiB) never hop; the check is a thread-specific read and a
// comparison.

/// Below this much remaining stack, the call runs on a library thread.
let stackHopThreshold = 256 << 10
/// The stack size of that thread.
let hopStackSize = 8 << 20

/// Thread-specific slot holding the calling thread's stack bounds (two words, low and high,
/// malloc'ed on the thread's first call and freed at its exit; NULL: not read yet).
private let stackKey: pthread_key_t? = {
    var key = pthread_key_t()
    guard pthread_key_create(&key, { p in free(p) }) == 0 else { return nil }
    return key
}()

/// glibc's (and musl's) `pthread_getattr_np`, which the Glibc module does not import (it is
/// declared only under _GNU_SOURCE); looked up once. nil where the C library lacks it.
private typealias GetAttrNP = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
private let getattrNP: GetAttrNP? = {
    #if os(Linux)
    // RTLD_DEFAULT is the null handle on glibc and musl.
    guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
    return unsafeBitCast(sym, to: GetAttrNP.self)
    #else
    return nil  // elsewhere the stack is not measured and calls always run on the caller's thread
    #endif
}()

/// Bytes of stack left below the current frame, or nil when unknown. A frame outside the
/// thread's own stack (code running on a coroutine or fiber stack) counts as 0 bytes left, so
/// that such calls run on a library thread.
@inline(never)
func remainingStack() -> Int? {
    guard let key = stackKey else { return nil }
    var marker: UInt8 = 0
    let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    var bounds = pthread_getspecific(key)?.assumingMemoryBound(to: UInt.self)
    if bounds == nil {
        var attr = pthread_attr_t()
        guard let getattrNP, getattrNP(pthread_self(), &attr) == 0 else { return nil }
        defer { pthread_attr_destroy(&attr) }
        var addr: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attr, &addr, &size) == 0, let addr,
            let slot = malloc(2 * MemoryLayout<UInt>.size)?.assumingMemoryBound(to: UInt.self)
        else { return nil }
        let low = UInt(bitPattern: addr)
        slot[0] = low
        slot[1] = low &+ UInt(clamping: size)
        guard pthread_setspecific(key, slot) == 0 else {
            free(slot)
            return nil
        }
        bounds = slot
    }
    guard let b = bounds, here > b[0], here <= b[1] else { return 0 }
    return Int(here - b[0])
}

/// Context handed to the library thread.
private final class HopContext {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Runs `body` here, or on a library thread with a `hopStackSize` stack when this thread has
/// less than `stackHopThreshold` left. nil only when that thread could not be started.
func onLargeStack<R>(_ body: () -> R) -> R? {
    // Bounds unknown (no pthread_getattr_np): assume an ordinary stack.
    guard let left = remainingStack(), left < stackHopThreshold else { return body() }
    var result: R?
    let started: Bool = withoutActuallyEscaping(body) { (escapable: @escaping () -> R) -> Bool in
        let context = HopContext { result = escapable() }
        var attr = pthread_attr_t()
        guard pthread_attr_init(&attr) == 0 else { return false }
        defer { pthread_attr_destroy(&attr) }
        guard pthread_attr_setstacksize(&attr, hopStackSize) == 0 else { return false }
        let arg = Unmanaged.passRetained(context).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, &attr, { p in
            guard let p else { return nil }
            Unmanaged<HopContext>.fromOpaque(p).takeRetainedValue().run()
            return nil
        }, arg)
        guard rc == 0 else {
            Unmanaged<HopContext>.fromOpaque(arg).release()
            return false
        }
        pthread_join(thread, nil)
        return true
    }
    return started ? result : nil
}

func misuse(_ code: ErrorCode, _ message: String) -> TenuoError { TenuoError(code, message) }

// MARK: Handle boxes and the handle registry
//
// A handle is the address of a retained Swift box. Every live handle is recorded in a
// process-wide registry (address -> kind), consulted by `borrow` and `release` BEFORE the
// address is dereferenced, so a pointer that is not a live handle of the expected kind (a
// stack or heap pointer, a freed handle, a handle of another kind) is reported as an error
// instead of being used:
//   - `borrow` of such a pointer throws `.invalidArgument` (the entry point returns it);
//   - `release` of such a pointer does nothing and sets the thread's error message (a double
//     free, a free through the wrong `*_free`, a free of a pointer the library never returned).
// Freeing a handle removes it from the registry first: that is its poisoning. The box itself
// may live on while another thread still holds a borrowed reference (borrow returns a strong
// reference taken under the registry lock), so a free racing with a call that already
// borrowed the handle does not free memory under that call.
// What stays undefined: a freed handle's address reused by a new handle (then the old pointer
// names the new object; detection is by address), and borrowed `const char *` results used
// after their handle was freed.
//
// The registry is 64 shards, each a pthread mutex and an open-addressing hash table of
// (address, kind tag) pairs, so threads working on different handles rarely share a lock. One
// lookup costs a lock, a multiplicative hash and (usually) one probe: about a hundred
// instructions, against the ~1,000 a Swift Dictionary with SipHash cost.

/// Base class of every box that crosses the ABI.
class Handle: @unchecked Sendable {}

final class Box<T>: Handle, @unchecked Sendable {
    /// Unchecked: Swift's run-time exclusivity check (a `swift_beginAccess`/`endAccess` pair,
    /// ~110 instructions on every read) only catches overlapping accesses on one thread, which
    /// the ABI functions never make (each reads the value once, or mutates a builder once);
    /// across threads it never protected anything (one thread at a time per builder is the
    /// documented contract).
    @exclusivity(unchecked) var value: T
    init(_ value: T) { self.value = value }
}

/// A value behind a pthread mutex. Used instead of `Synchronization.Mutex` where ThreadSanitizer
/// must see the lock: TSan intercepts pthread mutexes, while `Mutex` runs in uninstrumented code
/// on this toolchain, so every access under it would be reported as a race (see
/// Tests/Fuzz/tsan_mutex_demo.swift).
final class PthreadLocked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always)
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&value)
    }
}

/// The registry of live handles (see above). Its memory is allocated once, for the life of the
/// process, and never freed (the library is never unloaded: `-z nodelete`).
///
/// Each shard is a pthread mutex (a cache line of its own) followed by a `Table`: a
/// power-of-two array of `Slot`s with linear probing, at most half full (so a probe always
/// ends at an empty slot), grown by doubling under the shard's lock, with entries removed by
/// backward shifting (no tombstones, so probe lengths never degrade). Address 0 marks an
/// empty slot; no handle has that address.
private enum Registry {
    struct Slot {
        var address: UInt
        var kind: UInt
    }

    struct Table {
        /// nil until the shard's first handle.
        var slots: UnsafeMutablePointer<Slot>?
        /// Capacity - 1 (the capacity is a power of two), 0 while `slots` is nil.
        var mask: Int
        var count: Int
    }

    static let shardCount = 64
    /// Bytes from one shard to the next: the mutex rounded up to a cache line, then the table,
    /// rounded up to a cache line too.
    static let mutexBytes = (MemoryLayout<pthread_mutex_t>.size + 63) & ~63
    static let shardBytes = mutexBytes + ((MemoryLayout<Table>.size + 63) & ~63)
    static let initialCapacity = 16

    /// The shards' memory: `shardCount` runs of `shardBytes` bytes.
    /// Unsafe for the checker, guarded in fact: each shard's table is only touched under its mutex.
    nonisolated(unsafe) static let base: UnsafeMutableRawPointer = {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: shardCount * shardBytes, alignment: 64)
        for i in 0..<shardCount {
            let m = (raw + i * shardBytes).bindMemory(to: pthread_mutex_t.self, capacity: 1)
            m.initialize(to: pthread_mutex_t())
            pthread_mutex_init(m, nil)
            (raw + i * shardBytes + mutexBytes).bindMemory(to: Table.self, capacity: 1)
                .initialize(to: Table(slots: nil, mask: 0, count: 0))
        }
        return raw
    }()

    /// Boxes are at least 16-byte aligned; the bits above that spread addresses over shards.
    @inline(__always)
    static func shard(_ address: UInt) -> UnsafeMutableRawPointer {
        base + Int((address >> 4) & UInt(shardCount - 1)) * shardBytes
    }

    @inline(__always)
    static func lock(_ shard: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Table> {
        pthread_mutex_lock(shard.assumingMemoryBound(to: pthread_mutex_t.self))
        return (shard + mutexBytes).assumingMemoryBound(to: Table.self)
    }

    @inline(__always)
    static func unlock(_ shard: UnsafeMutableRawPointer) {
        pthread_mutex_unlock(shard.assumingMemoryBound(to: pthread_mutex_t.self))
    }

    /// The home slot of `address` in a table of `mask + 1` slots (Fibonacci hashing: the
    /// product's high bits depend on every bit of the address).
    @inline(__always)
    static func home(_ address: UInt, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (address &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The index of `address` in the table, or nil. Call with the shard locked.
    @inline(__always)
    static func find(_ t: UnsafeMutablePointer<Table>, _ address: UInt) -> Int? {
        guard let slots = t.pointee.slots else { return nil }
        let mask = t.pointee.mask
        var i = home(address, mask)
        while true {
            let a = slots[i].address
            if a == address { return i }
            if a == 0 { return nil }
            i = (i &+ 1) & mask
        }
    }

    /// The kind recorded for `address`, or nil when it is not a live handle.
    static func kind(of address: UInt) -> UInt? {
        let s = shard(address)
        let t = lock(s)
        defer { unlock(s) }
        guard let i = find(t, address), let slots = t.pointee.slots else { return nil }
        return slots[i].kind
    }

    /// Records `address` as a live handle of `kind`. False only when the table is full and
    /// could not grow (out of memory); the address is then not recorded.
    static func insert(_ address: UInt, _ kind: UInt) -> Bool {
        let s = shard(address)
        let t = lock(s)
        defer { unlock(s) }
        let capacity = t.pointee.slots == nil ? 0 : t.pointee.mask &+ 1
        if (t.pointee.count &+ 1) &* 2 > capacity {
            // Past half full: grow. When that fails, a table with an empty slot to spare still
            // takes the entry (probes get longer, never endless).
            if !grow(t), t.pointee.count &+ 1 >= capacity { return false }
        }
        guard let slots = t.pointee.slots else { return false }
        let mask = t.pointee.mask
        var i = home(address, mask)
        while slots[i].address != 0 && slots[i].address != address { i = (i &+ 1) & mask }
        if slots[i].address == 0 { t.pointee.count &+= 1 }
        slots[i] = Slot(address: address, kind: kind)
        return true
    }

    /// Doubles the table (or makes its first one); false when out of memory.
    static func grow(_ t: UnsafeMutablePointer<Table>) -> Bool {
        let oldCapacity = t.pointee.slots == nil ? 0 : t.pointee.mask &+ 1
        let capacity = oldCapacity == 0 ? initialCapacity : oldCapacity &* 2
        guard capacity > oldCapacity, capacity <= Int.max / MemoryLayout<Slot>.stride,
            let raw = calloc(capacity, MemoryLayout<Slot>.stride)
        else { return false }
        let slots = raw.bindMemory(to: Slot.self, capacity: capacity)
        let mask = capacity &- 1
        if let old = t.pointee.slots {
            for j in 0..<oldCapacity where old[j].address != 0 {
                var i = home(old[j].address, mask)
                while slots[i].address != 0 { i = (i &+ 1) & mask }
                slots[i] = old[j]
            }
            free(old)
        }
        t.pointee.slots = slots
        t.pointee.mask = mask
        return true
    }

    /// Removes the entry at `index` (found by `find`), shifting later entries of its probe run
    /// back so that every entry stays reachable from its home slot. Call with the shard locked.
    static func remove(_ t: UnsafeMutablePointer<Table>, at index: Int) {
        guard let slots = t.pointee.slots else { return }
        let mask = t.pointee.mask
        var hole = index
        var j = index
        while true {
            j = (j &+ 1) & mask
            let a = slots[j].address
            if a == 0 { break }
            // The entry at j may fill the hole when the hole lies on its probe path, i.e. is
            // no nearer to j than its home is.
            if (j &- home(a, mask)) & mask >= (j &- hole) & mask {
                slots[hole] = slots[j]
                hole = j
            }
        }
        slots[hole] = Slot(address: 0, kind: 0)
        t.pointee.count &-= 1
    }
}

/// What a handle check found, for the error message.
private func handleProblem(_ address: UInt, found: UInt?, _ what: String) -> String {
    if found == nil {
        return "\(what) is not a live handle (already freed, or not a pointer this library returned)"
    }
    return "\(what) is a handle of another kind"
}

/// The kind tag of a handle holding a `T`: the address of `T`'s own type metadata. One tag per
/// boxed type, as `Box<T>` would give, but for the concrete (non-generic) types the library
/// boxes it is a constant address, whereas naming `Box<T>` asks the runtime for generic
/// metadata on every call (hundreds of instructions per borrow). Never 0.
@inline(__always)
func kindTag<T>(_: T.Type) -> UInt { UInt(bitPattern: ObjectIdentifier(T.self)) }

/// Retains a new box, records it as a live handle of kind `T` and returns it for C. Should
/// the registry be unable to record it (out of memory), the handle is returned unrecorded:
/// every use of it is then refused as "not a live handle" and its box is never freed.
func retain<T>(_ v: consuming T) -> OpaquePointer {
    let raw = Unmanaged.passRetained(Box(v) as Handle).toOpaque()
    _ = Registry.insert(UInt(bitPattern: raw), kindTag(T.self))
    return OpaquePointer(raw)
}

/// Borrows the box behind a handle after checking, in the registry, that it is a live handle
/// of kind `T` (made by `retain` of a `T`); a failed check also sets the thread's error message
/// (for callers that only test for NULL, such as getters). Inlined, so that the kind tag is a
/// constant at each call site; the failure paths stay out of line.
@inline(__always)
func borrow<T>(_ p: OpaquePointer?, _ what: String, as: T.Type = T.self) throws(TenuoError) -> Box<T> {
    guard let p else { throw nullHandle(what) }
    let address = UInt(bitPattern: UnsafeRawPointer(p))
    let s = Registry.shard(address)
    let t = Registry.lock(s)
    guard let i = Registry.find(t, address), let slots = t.pointee.slots, slots[i].kind == kindTag(T.self) else {
        Registry.unlock(s)
        throw badHandle(address, what)
    }
    // The strong reference is taken under the lock: it keeps the box alive even if another
    // thread frees the handle while this call uses it.
    let box = Unmanaged<Box<T>>.fromOpaque(UnsafeRawPointer(p)).retain()
    Registry.unlock(s)
    return box.takeRetainedValue()
}

/// `borrow`'s NULL failure: sets the thread's message and returns the error to throw.
@inline(never)
private func nullHandle(_ what: String) -> TenuoError {
    setLastError("\(what) is NULL")
    return misuse(.nullArgument, "\(what) is NULL")
}

/// `borrow`'s failure for a pointer that is not a live handle of the expected kind.
@inline(never)
private func badHandle(_ address: UInt, _ what: String) -> TenuoError {
    let message = handleProblem(address, found: Registry.kind(of: address), what)
    setLastError(message)
    return misuse(.invalidArgument, message)
}

/// Releases a handle made by `retain` whose kind is `T` (NULL is ignored). A pointer
/// that is not a live handle of that kind (double free, wrong `*_free`, foreign pointer) is
/// left alone and the thread's error message says why.
func release<T>(_ p: OpaquePointer?, as: T.Type, _ what: String) {
    guard let p else { return }
    let address = UInt(bitPattern: UnsafeRawPointer(p))
    let expected = kindTag(T.self)
    let s = Registry.shard(address)
    let t = Registry.lock(s)
    var found: UInt? = nil
    if let i = Registry.find(t, address), let slots = t.pointee.slots {
        found = slots[i].kind
        if found == expected { Registry.remove(t, at: i) }
    }
    Registry.unlock(s)
    guard found == expected else {
        setLastError(handleProblem(address, found: found, what) + "; nothing was freed")
        return
    }
    Unmanaged<Handle>.fromOpaque(UnsafeRawPointer(p)).release()
}

// MARK: Inputs

/// Upper bound of any text or byte input (a chain is at most 256 KiB; its base64 a third more).
let maxInputBytes = 1 << 20

func size(_ len: UInt, _ what: String) throws(TenuoError) -> Int {
    guard let n = Int(exactly: len), n <= maxInputBytes else {
        throw misuse(.valueTooLarge, "\(what) is \(len) bytes, over the \(maxInputBytes)-byte input limit")
    }
    return n
}

/// Reads `(ptr, len)` UTF-8 text. NULL is allowed only with length 0.
func text(_ p: UnsafePointer<CChar>?, _ len: UInt, _ what: String) throws(TenuoError) -> String {
    let n = try size(len, what)
    guard n > 0 else { return "" }
    guard let p else { throw misuse(.nullArgument, "\(what) is NULL with length \(n)") }
    let buf = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: n)
    // ASCII (tool and argument names, mostly) is valid UTF-8 as it is: String(decoding:) then
    // takes it unchanged, ~10x cheaper than the generic String(validating:). Anything else is
    // validated (and refused when invalid), never repaired.
    if n <= 64 {
        var high: UInt8 = 0
        for b in buf { high |= b }
        if high < 0x80 { return String(decoding: buf, as: UTF8.self) }
    }
    guard let s = String(validating: buf, as: UTF8.self) else {
        throw misuse(.invalidUTF8, "\(what) is not valid UTF-8")
    }
    return s
}

/// Reads `(ptr, len)` bytes. NULL is allowed only with length 0.
func bytes(_ p: UnsafePointer<UInt8>?, _ len: UInt, _ what: String) throws(TenuoError) -> [UInt8] {
    let n = try size(len, what)
    guard n > 0 else { return [] }
    guard let p else { throw misuse(.nullArgument, "\(what) is NULL with length \(n)") }
    return Array(UnsafeBufferPointer(start: p, count: n))
}

func requireOut<P>(_ p: UnsafeMutablePointer<P>?, _ what: String) throws(TenuoError) -> UnsafeMutablePointer<P> {
    guard let p else { throw misuse(.nullArgument, "output \(what) is NULL") }
    return p
}

// MARK: Outputs

/// Stores a malloc'ed NUL-terminated copy in `*out` (freed by `tenuo_string_free`).
func output(_ s: String, to out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws(TenuoError) {
    guard let c = strdup(s) else { throw misuse(.internalError, "out of memory") }
    out.pointee = c
}

/// Stores a malloc'ed copy in `*out` / `*outLen` (freed by `tenuo_bytes_free`).
func output(_ b: [UInt8], to out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length: UnsafeMutablePointer<UInt>) throws(TenuoError) {
    guard let m = malloc(max(b.count, 1))?.assumingMemoryBound(to: UInt8.self) else {
        throw misuse(.internalError, "out of memory")
    }
    b.withUnsafeBufferPointer { src in
        if let base = src.baseAddress { m.update(from: base, count: b.count) }
    }
    out.pointee = m
    length.pointee = UInt(b.count)
}

/// Copies fixed-size bytes into a caller buffer of `cap` bytes.
func copyOut(_ b: [UInt8], _ p: UnsafeMutablePointer<UInt8>?, _ cap: UInt, _ what: String) throws(TenuoError) {
    guard let p else { throw misuse(.nullArgument, "output buffer for \(what) is NULL") }
    guard cap >= UInt(b.count) else {
        throw misuse(.bufferTooSmall, "output buffer for \(what) holds \(cap) bytes, \(b.count) needed")
    }
    b.withUnsafeBufferPointer { src in
        if let base = src.baseAddress { p.update(from: base, count: b.count) }
    }
}

/// Clears an out-parameter first, so that on failure it is NULL as documented.
@inline(__always)
func clear<P>(_ p: UnsafeMutablePointer<P?>?) { p?.pointee = nil }

/// The current time in Unix seconds (the only clock read, for callers that want the default).
func clockNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return ts.tv_sec > 0 ? UInt64(ts.tv_sec) : 0
}

/// Returns the current time in Unix seconds, as the library's clock reads it.
///
/// Provided so that callers in any language can pass "now" to the time-dependent functions,
/// which never read the clock themselves.
/// Threads: callable from any thread.
@c public func tenuo_now_unix() -> UInt64 { clockNow() }
