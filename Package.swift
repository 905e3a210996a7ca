// swift-tools-version:6.1
import PackageDescription

/// The release binary is linked by the toolchain's lld with no symbols exported (a program, not a
/// library: 53,000 exported Swift symbols made the dynamic linker read 4 MiB of tables at every start)
/// and packed relative relocations (DT_RELR, glibc 2.36 as on Debian 12: 3.3 MiB of `.rela.dyn` become
/// 29 KiB). Together they take about 7 MiB off the daemon's resident memory (`bench/RESULTS.md`).
let releaseLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
        .when(platforms: [.linux], configuration: .release))
]

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Fault points for the durability tests (reliability.md D2); compiled out of release builds.
    .define("HARK_CRASHPOINTS", .when(configuration: .debug)),
]

let package = Package(
    name: "hark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hark", targets: ["hark"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // libcurl's headers (libcurl4-openssl-dev) and a loader: libcurl itself is opened at first use.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(
            name: "HarkCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkWebhooks",
            dependencies: [
                "HarkCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkAssessment",
            dependencies: ["HarkCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkCurl",
            dependencies: [
                "CCurl",
                "HarkCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkXML",
            dependencies: ["CLibXML2", "HarkCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkMail",
            dependencies: [
                "HarkCore",
                "HarkCurl",
                "HarkXML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkFeeds",
            dependencies: [
                "HarkCore",
                "HarkCurl",
                "HarkXML",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkStore",
            dependencies: ["HarkCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkRecurrence",
            dependencies: ["HarkCore", "HarkStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkStoreSQLite",
            dependencies: [
                "HarkCore",
                "HarkStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkStorePostgres",
            dependencies: [
                "HarkCore",
                "HarkStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkServer",
            dependencies: [
                "HarkCore",
                "HarkStore",
                "HarkWebhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HarkDaemon",
            dependencies: [
                "HarkAssessment",
                "HarkCore",
                "HarkRecurrence",
                "HarkStore",
                "HarkStoreSQLite",
                "HarkStorePostgres",
                "HarkWebhooks",
                "HarkServer",
                "HarkCurl",
                "HarkFeeds",
                "HarkMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hark",
            dependencies: [
                "HarkAssessment",
                "HarkCore",
                "HarkRecurrence",
                "HarkStore",
                "HarkDaemon",
                "HarkServer",
                "HarkFeeds",
                "HarkMail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: releaseLinkerSettings
        ),
        .target(
            name: "HarkTesting",
            dependencies: [
                "HarkCore",
                "HarkStore",
                "HarkStoreSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HarkTests",
            dependencies: [
                "HarkAssessment",
                "HarkCore",
                "HarkRecurrence",
                "HarkStore",
                "HarkStoreSQLite",
                "HarkStorePostgres",
                "HarkWebhooks",
                "HarkServer",
                "HarkDaemon",
                "HarkTesting",
                "HarkCurl",
                "HarkXML",
                "HarkFeeds",
                "HarkMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            // Fixture files are read from the source tree by path.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)

// libFuzzer targets (scripts/fuzz.sh, reliability.md H1, issue 4): the feed parser, the MIME parser,
// and the IMAP response framer and parser. They exist only when the manifest is evaluated with
// HARK_FUZZ=1, so a normal build never sees them.
if Context.environment["HARK_FUZZ"] == "1" {
    package.targets.append(.target(
        name: "HarkFuzzDriver",
        swiftSettings: swiftSettings + [.enableExperimentalFeature("Extern")]  // @_extern(c) for libFuzzer's driver
    ))
    for (product, name, parser) in [
        ("hark-fuzz-feeds", "HarkFuzzFeeds", "HarkFeeds"), ("hark-fuzz-mail", "HarkFuzzMail", "HarkMail"),
        ("hark-fuzz-imap", "HarkFuzzIMAP", "HarkMail"),
    ] {
        package.products.append(.executable(name: product, targets: [name]))
        package.targets.append(.executableTarget(
            name: name, dependencies: ["HarkFuzzDriver", .target(name: parser)], swiftSettings: swiftSettings))
    }
}
