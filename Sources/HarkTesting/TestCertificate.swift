import Foundation

/// Self-signed certificates for loopback TLS servers in tests (Dovecot, the SMTP sink), made with
/// `openssl`: P-256, for `127.0.0.1` and `localhost`, valid two days. The certificate is its own
/// CA, so a client trusts it by naming the certificate file as its CA file.
public enum TestCertificate {
    public static func make(certificate: URL, key: URL) throws {
        let arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key.path, "-out", certificate.path,
            "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            throw TestingError("openssl is needed to make the test certificate (apt-get install openssl)")
        }
        let result = try SpawnedProcess.run("/usr/bin/openssl", arguments)
        guard result.status == 0 else {
            throw TestingError("openssl req failed (\(result.status)): \(String(decoding: result.stderr, as: UTF8.self))")
        }
    }
}
