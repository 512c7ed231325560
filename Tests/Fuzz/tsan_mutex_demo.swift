// Why Tests/Fuzz/tsan.supp suppresses races under RegexCache's Mutex: with Swift 6.3 on Linux,
// ThreadSanitizer reports races inside a correctly locked Synchronization.Mutex, because the
// lock/unlock code it would need to see is in the uninstrumented libswiftSynchronization.
//   swiftc -O -sanitize=thread Tests/Fuzz/tsan_mutex_demo.swift -o /tmp/demo && /tmp/demo
// prints "WARNING: ThreadSanitizer: Swift access race" / "data race", and 200000 (no update lost).
// Not part of any build; kept as the evidence for that suppression.
import Glibc
import Synchronization

final class Box: Sendable {
    let state = Mutex([Int: Int]())
}

let box = Box()
var threads: [pthread_t] = []
for _ in 0..<4 {
    var th = pthread_t()
    pthread_create(&th, nil, { _ in
        for i in 0..<50_000 { box.state.withLock { d in d[i % 50, default: 0] += 1 } }
        return nil
    }, nil)
    threads.append(th)
}
for th in threads { pthread_join(th, nil) }
print(box.state.withLock { $0.values.reduce(0, +) })
