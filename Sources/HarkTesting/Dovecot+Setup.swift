import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The Unix account a test Dovecot runs as: the current user, or `nobody` when that is root
/// (Dovecot's processes then start through `setpriv`, and the files are handed over).
struct DovecotAccount: Sendable {
    var name: String
    var group: String
    var uid: UInt32
    var gid: UInt32
    /// The program that drops privileges before Dovecot or `doveadm` runs, if one is needed.
    var launcher: String?
    var launcherArguments: [String]

    static func current() throws -> DovecotAccount {
        // The reentrant lookups: tests start several Dovecots at once, and getpwnam's shared buffer
        // was seen overwritten by another thread's lookup (a passwd file with UID 0).
        let uid = getuid()
        guard uid == 0 else {
            guard let user = passwd(uid: uid), let group = groupName(getgid()) else {
                throw TestingError("the current user has no passwd or group entry")
            }
            return DovecotAccount(
                name: user.name, group: group, uid: uid, gid: getgid(), launcher: nil, launcherArguments: [])
        }
        guard let nobody = passwd(name: "nobody"), let group = groupName(nobody.gid) else {
            throw TestingError("running as root, Dovecot needs the unprivileged user nobody, which is missing")
        }
        let setpriv = "/usr/bin/setpriv"
        guard FileManager.default.isExecutableFile(atPath: setpriv) else {
            throw TestingError("running as root, Dovecot is started through setpriv (util-linux), which is missing")
        }
        return DovecotAccount(
            name: "nobody", group: group, uid: nobody.uid, gid: nobody.gid, launcher: setpriv,
            launcherArguments: ["--reuid=\(nobody.uid)", "--regid=\(nobody.gid)", "--clear-groups"]
        )
    }

    private static func passwd(uid: uid_t? = nil, name: String? = nil) -> (name: String, uid: uid_t, gid: gid_t)? {
        var entry = Glibc.passwd()
        var result: UnsafeMutablePointer<Glibc.passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status =
            if let uid { getpwuid_r(uid, &entry, &buffer, buffer.count, &result) } else {
                getpwnam_r(name ?? "", &entry, &buffer, buffer.count, &result)
            }
        guard status == 0, result != nil, let namePointer = entry.pw_name else { return nil }
        return (String(cString: namePointer), entry.pw_uid, entry.pw_gid)
    }

    private static func groupName(_ gid: gid_t) -> String? {
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.gr_name else {
            return nil
        }
        return String(cString: name)
    }

    /// Gives `directory` and everything in it to this account (when it is not the current
    /// user) and makes it traversable.
    func own(_ directory: URL) throws {
        guard launcher != nil else { return }
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var paths = [directory.path]
        while let relative = enumerator?.nextObject() as? String {
            paths.append(directory.appendingPathComponent(relative).path)
        }
        for path in paths where chown(path, uid, gid) != 0 {
            throw TestingError("chown of \(path) to \(name) failed (errno \(errno))")
        }
        chmod(directory.path, 0o755)
    }
}

/// The files of a test Dovecot: configuration, passwd file and certificate.
enum DovecotFiles {
    static func write(in directory: URL, account: DovecotAccount, password: String, port: Int, tlsPort: Int) throws {
        let base = directory.path
        try makeCertificate(in: directory)
        let home = "\(base)/home/hark"
        try "hark:{PLAIN}\(password):\(account.uid):\(account.gid)::\(home)\n"
            .write(toFile: "\(base)/passwd", atomically: true, encoding: .utf8)
        try configuration(base: base, account: account, port: port, tlsPort: tlsPort)
            .write(toFile: "\(base)/dovecot.conf", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: "\(base)/stderr.log", contents: nil)
    }

    /// Dovecot's configuration (its syntax rejects one-line blocks, so each brace ends a line).
    static func configuration(base: String, account: DovecotAccount, port: Int, tlsPort: Int) -> String {
        """
        base_dir = \(base)/run
        state_dir = \(base)/state
        log_path = \(base)/dovecot.log
        info_log_path = \(base)/dovecot.log
        protocols = imap
        listen = 127.0.0.1
        default_internal_user = \(account.name)
        default_internal_group = \(account.group)
        default_login_user = \(account.name)
        first_valid_uid = \(account.uid)
        first_valid_gid = \(account.gid)
        mail_location = maildir:~/Maildir
        mail_fsync = never
        ssl = yes
        ssl_cert = <\(base)/cert.pem
        ssl_key = <\(base)/key.pem
        auth_mechanisms = plain login xoauth2
        disable_plaintext_auth = no
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u \(base)/passwd
        }
        userdb {
          driver = passwd-file
          args = username_format=%u \(base)/passwd
        }
        protocol imap {
          mail_max_userip_connections = 200
        }
        service imap-login {
          chroot =
          inet_listener imap {
            port = \(port)
          }
          inet_listener imaps {
            port = \(tlsPort)
            ssl = yes
          }
        }
        service anvil {
          chroot =
        }
        service stats {
          chroot =
        }
        service auth {
          user = \(account.name)
        }
        service auth-worker {
          user = \(account.name)
        }

        """
    }

    /// A self-signed certificate for `127.0.0.1` (``TestCertificate``) as `cert.pem` and `key.pem`.
    private static func makeCertificate(in directory: URL) throws {
        try TestCertificate.make(
            certificate: directory.appendingPathComponent("cert.pem"), key: directory.appendingPathComponent("key.pem"))
    }
}
