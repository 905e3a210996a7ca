import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Whether a test Dovecot's auth service answers, which `doveadm` needs for every `-u` command.
///
/// The master binds its listeners one after another and the IMAP ports come before the auth
/// sockets (seen with strace: about 3 ms apart, more on a loaded machine), so a server whose
/// ports accept connections may still refuse, or not yet have, `run/auth-userdb`; a `doveadm`
/// started then fails with "auth-master: userdb lookup(hark): connect(.../auth-userdb) failed".
enum DovecotReadiness {
    /// The auth socket `doveadm` uses for user lookups, relative to the server's directory.
    static let authUserdbSocket = "run/auth-userdb"

    /// How often ``Dovecot`` polls the socket, and for how long at most.
    static let pollInterval = Duration.milliseconds(50)
    static let limit = Duration.seconds(10)

    /// Connects to the auth-userdb socket at `path` and reads the auth process's greeting
    /// (`VERSION\t1\t…`), which it sends as soon as it has accepted the connection: `nil` when
    /// it answered, else why not (blocking, at most `timeout` for the greeting).
    static func problem(authUserdb path: String, timeout: TimeInterval = 1) -> String? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            return "the socket path \(path) is too long"
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return "socket(AF_UNIX) failed (errno \(errno))" }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return "connect(\(path)) failed: \(reason)"
        }
        let stream = BlockingSocket(descriptor: descriptor, timeout: timeout)
        do {
            guard let line = try stream.readLine(maximum: 4096) else {
                return "\(path) closed the connection without a greeting"
            }
            guard line.hasPrefix("VERSION\t") else { return "\(path) greeted with \(line.debugDescription)" }
            return nil
        } catch {
            return "\(path) sent no greeting: \(error)"
        }
    }

    /// Whether `doveadm`'s error output is the failure to reach the auth-userdb socket (refused,
    /// or not there yet), the one failure that is safe and worth retrying: it happens at the
    /// user lookup, before the command has done anything.
    static func isAuthUnreachable(_ errorText: String) -> Bool {
        errorText.contains("auth-userdb")
            && (errorText.contains("Connection refused") || errorText.contains("No such file or directory"))
    }
}
