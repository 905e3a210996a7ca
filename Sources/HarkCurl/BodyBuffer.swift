import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A response body written into one anonymous memory mapping of `limit` bytes, handed over as
/// `Data` without a copy.
///
/// The mapping only reserves address space: a page costs memory once a byte is written to it,
/// so a body of `n` bytes costs about `n` (never a growing buffer's old and new copies at once),
/// and a body stopped at the limit has cost at most the limit.
final class BodyBuffer {
    private var storage: UnsafeMutableRawPointer?
    private var mappedBytes = 0
    private(set) var count = 0
    let limit: Int

    init(limit: Int) {
        self.limit = max(limit, 0)
    }

    deinit {
        if let storage { munmap(storage, mappedBytes) }
    }

    /// Appends `bytes`; `false` (and nothing appended) when that would pass the limit or when no
    /// memory could be reserved.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= limit - count else { return false }
        guard bytes.count > 0, let source = bytes.baseAddress else { return true }
        if storage == nil {
            let length = Self.roundedToPages(limit)
            let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let mapped, mapped != MAP_FAILED else { return false }
            storage = mapped
            mappedBytes = length
        }
        guard let storage else { return false }
        (storage + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
        return true
    }

    /// The bytes as `Data`, which takes the mapping over (its unused tail is released first);
    /// the buffer is empty afterwards.
    func take() -> Data {
        guard let storage, count > 0 else { return Data() }
        let kept = Self.roundedToPages(count)
        if kept < mappedBytes { munmap(storage + kept, mappedBytes - kept) }
        self.storage = nil
        mappedBytes = 0
        let data = Data(bytesNoCopy: storage, count: count, deallocator: .custom { pointer, _ in munmap(pointer, kept) })
        count = 0
        return data
    }

    private static func roundedToPages(_ bytes: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return (bytes + page - 1) / page * page
    }
}
