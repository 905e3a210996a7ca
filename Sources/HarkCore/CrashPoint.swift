#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Fault points for durability tests (reliability.md D2), compiled into debug builds only.
///
/// With `HARK_CRASHPOINT=<name>:<n>` in the environment, the n-th time the daemon passes the point
/// named `<name>` it kills itself with SIGKILL, as a power cut or an OOM kill would. Release builds
/// compile every call to nothing.
public enum CrashPoint {
    #if HARK_CRASHPOINTS
    private static let plan: (name: String, hit: Int)? = {
        guard let spec = ProcessInfo.processInfo.environment["HARK_CRASHPOINT"] else { return nil }
        let parts = spec.split(separator: ":")
        guard parts.count == 2, let hit = Int(parts[1]), hit > 0 else { return nil }
        return (String(parts[0]), hit)
    }()
    private static let hits = Mutex(0)
    #endif

    /// Marks a point; dies here when the environment asks for it.
    @inline(__always)
    public static func pass(_ name: StaticString) {
        #if HARK_CRASHPOINTS
        guard let plan, plan.name == name.description else { return }
        let count = hits.withLock { value -> Int in
            value += 1
            return value
        }
        if count == plan.hit { kill(getpid(), SIGKILL) }
        #endif
    }
}
