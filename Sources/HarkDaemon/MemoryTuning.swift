import Foundation
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

    /// Gives back the resident pages of machine code and read-only data of the program and its
    /// libraries, once start-up is over; returns how many bytes were resident.
    ///
    /// Start-up runs code that never runs again (configuration, migrations, argument parsing,
    /// CoreFoundation's set-up), and the kernel maps 64 KiB or more around each page of code it
    /// faults in, so about 20 MiB of code stays resident in an idle daemon that needs a fraction of
    /// it. Released are the read-only mappings (executable or not) of the files that also hold
    /// code, the loaded ELF objects, which stay mapped for the life of the process; and of those
    /// only mappings without a private (written) page, in memory or swapped out. Their pages are
    /// the file's, still in the page cache, and come back at the next use. Relocated data (written
    /// at load time, then made read-only) is never touched, nor is any other file the process maps
    /// for a while (the loader's cache, a feed being parsed): such a mapping may be gone, and its
    /// addresses reused, by the time the advice is given.
    @discardableResult
    static func releaseCodePages() -> Int {
        #if canImport(Glibc)
        guard let smaps = try? String(contentsOfFile: "/proc/self/smaps", encoding: .utf8) else { return 0 }
        struct Mapping {
            var start: UInt
            var end: UInt
            var path: Substring
            var readOnly: Bool
            var residentKiB = 0
            var privateKiB = 0
        }
        var mappings: [Mapping] = []
        var codeFiles: Set<Substring> = []
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.hasSuffix(":") {
                guard fields.count >= 2, !mappings.isEmpty, let value = Int(fields[1]) else { continue }
                if first == "Rss:" { mappings[mappings.count - 1].residentKiB = value }
                if first == "Anonymous:" || first == "Swap:" { mappings[mappings.count - 1].privateKiB += value }
                continue
            }
            let range = first.split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                fields.count >= 6, fields[5].hasPrefix("/")
            else {
                // Not a file: a mapping of its own, never released (its fields are read, and dropped).
                mappings.append(Mapping(start: 0, end: 0, path: "", readOnly: false))
                continue
            }
            if fields[1] == "r-xp" { codeFiles.insert(fields[5]) }
            mappings.append(
                Mapping(
                    start: start, end: end, path: fields[5], readOnly: fields[1] == "r-xp" || fields[1] == "r--p"))
        }
        var released = 0
        for mapping in mappings
        where mapping.readOnly && codeFiles.contains(mapping.path) && mapping.privateKiB == 0
            && mapping.residentKiB > 0
        {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            if madvise(address, Int(mapping.end - mapping.start), MADV_DONTNEED) == 0 {
                released += mapping.residentKiB * 1024
            }
        }
        return released
        #else
        return 0
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
