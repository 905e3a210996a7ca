#if canImport(Glibc)
import Glibc
#endif

/// glibc allocator settings for a long-running server on a small machine.
///
/// By default glibc gives every thread that allocates concurrently an arena of its own (up to eight
/// per core) and keeps freed memory in each; a daemon whose request handling hops between the NIO
/// event loops, the Swift concurrency pool and SQLite's writer queue then grows its resident memory
/// under load and never gives it back. Two arenas and a periodic `malloc_trim` keep it flat.
/// `<malloc.h>` is not part of Swift's Glibc module, so the two functions are looked up by name.
enum MemoryTuning {
    private typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// Applies the settings; call once, before the first threads start.
    static func apply() {
        #if canImport(Glibc)
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") {
            _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, 2)  // M_ARENA_MAX = 2
        }
        #endif
    }

    /// Returns free heap memory at the top of each arena to the system.
    static func trim() {
        #if canImport(Glibc)
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }
}
