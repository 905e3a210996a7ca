#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A file mapped read-only into memory, whose pages can be given back once they have been read:
/// `hark parse feed` parses a large feed without holding the whole file resident while the items
/// accumulate. Released pages stay valid; the kernel maps them again from the page cache if they are
/// read again (a second parsing pass). As with any mapping, the file must not shrink while it is
/// mapped (a read past its new end would be a SIGBUS): it suits files a command is given to read,
/// not files another process is rewriting.
public final class MappedFile: Sendable {
    /// The file's bytes (no copy); valid while the `MappedFile` lives.
    public let data: Data
    /// Only read after `init`; the pointer is never written through.
    nonisolated(unsafe) private let base: UnsafeMutableRawPointer?
    private let count: Int
    /// How many leading bytes have been given back, in whole pages.
    private let released = Mutex(0)
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps the file at `path`.
    /// - Throws: `POSIXError` when it cannot be opened, read or mapped (or is not a regular file).
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw POSIXError(.EINVAL) }
        count = Int(status.st_size)
        guard count > 0 else {
            base = nil
            data = Data()
            return
        }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOMEM)
        }
        base = mapped
        data = Data(bytesNoCopy: mapped, count: count, deallocator: .none)
    }

    deinit {
        if let base { munmap(base, count) }
    }

    /// Gives back the pages wholly before `offset` (the reader is past them). Harmless to call with
    /// any offset, in any order.
    public func release(upTo offset: Int) {
        guard let base else { return }
        let end = min(offset, count) / Self.pageSize * Self.pageSize
        released.withLock { released in
            guard end > released else { return }
            _ = madvise(base + released, end - released, MADV_DONTNEED)
            released = end
        }
    }
}
