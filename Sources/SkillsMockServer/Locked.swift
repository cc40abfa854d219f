import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A value guarded by a lock; the only way shared state crosses loop threads.
///
/// The lock is a glibc adaptive mutex: a thread that finds it taken spins briefly before sleeping. Every
/// critical section here is a few hundred nanoseconds, so the two loops rarely sleep on each other (a plain
/// mutex puts the loser to sleep in the kernel and pays for a wake-up each time).
final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// glibc's `PTHREAD_MUTEX_ADAPTIVE_NP` (not exported to Swift; a stable part of glibc's ABI).
    private static var adaptiveType: Int32 { 3 }

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Locked.adaptiveType)
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
