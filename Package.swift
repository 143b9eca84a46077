// swift-tools-version:6.0
// Evident: RFC 3161 time-stamping and verifiable evidence bundles.
//
// Layers (data flows down; nothing below imports anything above): the module graph and what each
// module may import are in docs/architecture.md, enforced by ArchitectureTests.
//   evident (CLI) -> EvidentServer -> EvidentBundle -> EvidentLedger -> EvidentTSP -> EvidentCrypto -> EvidentDER
//                    EvidentSQLite, EvidentPostgres -> EvidentLedger
//   COpenSSL / CCurl / CSodium are imported by EvidentCrypto only.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Evident",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "evident", targets: ["evident"]),
        .library(name: "EvidentCore", targets: ["EvidentCore"]),
        .library(name: "EvidentDER", targets: ["EvidentDER"]),
        .library(name: "EvidentCrypto", targets: ["EvidentCrypto"]),
        .library(name: "EvidentTSP", targets: ["EvidentTSP"]),
        .library(name: "EvidentLedger", targets: ["EvidentLedger"]),
        .library(name: "EvidentSQLite", targets: ["EvidentSQLite"]),
        .library(name: "EvidentPostgres", targets: ["EvidentPostgres"]),
        .library(name: "EvidentBundle", targets: ["EvidentBundle"]),
        .library(name: "EvidentServer", targets: ["EvidentServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // System libraries: pkg-config names and the Debian packages that provide them.
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        // libcurl's header only: the library is loaded (dlopen) on the first HTTP request, not
        // linked (EvidentCrypto's CurlLibrary_curl.swift), so no pkg-config link flags.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),

        // Pure Swift strict DER reader and writer. No C, no Foundation.
        .target(name: "EvidentCore", swiftSettings: strict),
        .target(name: "EvidentDER", dependencies: ["EvidentCore"], swiftSettings: strict),
        // The only module that imports the C libraries.
        .target(
            name: "EvidentCrypto",
            dependencies: ["EvidentCore", "EvidentDER", "COpenSSL", "CCurl", "CSodium"],
            swiftSettings: strict),
        // RFC 3161 / CMS message types, the TSA client, the strict verifier, the responder.
        .target(
            name: "EvidentTSP",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto"],
            swiftSettings: strict),
        // The ledger: RFC 8785 canonical JSON, receipts, keys, RFC 9162 Merkle trees and proofs, C2SP
        // checkpoints, the LedgerStore protocol and its sequencing rule (anchors use EvidentTSP).
        .target(
            name: "EvidentLedger",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentTSP"],
            swiftSettings: strict),
        // The embedded ledger store: SQLite through GRDB (WAL, synchronous FULL, BEGIN IMMEDIATE).
        .target(
            name: "EvidentSQLite",
            dependencies: ["EvidentCore", "EvidentLedger", "EvidentCrypto", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // The shared ledger store for many writers on many machines: PostgreSQL through postgres-nio,
        // with the SQLite store's semantics (docs/ledger-store.md).
        .target(
            name: "EvidentPostgres",
            dependencies: ["EvidentCore", "EvidentLedger", "EvidentCrypto", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Audit-period bundles: export from a ledger, offline verification (docs/bundle.md).
        .target(
            name: "EvidentBundle",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentTSP", "EvidentLedger"],
            swiftSettings: strict),
        // HTTP front ends (SwiftNIO): the built-in TSA endpoint; `evident serve` (the ledger's JSON
        // API, its web page, /healthz, /metrics).
        .target(
            name: "EvidentServer",
            dependencies: [
                "EvidentCore", "EvidentTSP", "EvidentLedger", "EvidentBundle", "EvidentCrypto", "EvidentDER",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "evident",
            dependencies: [
                "EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentTSP", "EvidentServer", "EvidentLedger", "EvidentSQLite", "EvidentPostgres", "EvidentBundle",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            // The executable exports no symbols of its own (swiftc links executables with
            // --export-dynamic): 44,000 dynamic symbols made every start slower (the loader, and the
            // Swift runtime's dladdr of its own path scanning them) and the binary 4.6 MB larger.
            // Nothing looks them up (BENCHMARKS.md, "Start time, again"; docs/install.md).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]),

        .target(name: "EvidentTestSupport", dependencies: ["EvidentCore", "EvidentCrypto", "EvidentLedger"], path: "Tests/EvidentTestSupport", swiftSettings: strict),
        .testTarget(name: "EvidentCoreTests", dependencies: ["EvidentCore"], swiftSettings: strict),
        .testTarget(name: "EvidentDERTests", dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "EvidentTSPTests",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentTSP", "EvidentTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "EvidentLedgerTests",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentLedger", "EvidentTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "EvidentStoreTests",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentLedger", "EvidentSQLite", "EvidentPostgres", "EvidentTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "EvidentServerTests",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentTSP", "EvidentLedger", "EvidentSQLite", "EvidentBundle", "EvidentServer", "EvidentTestSupport",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "EvidentBundleTests",
            dependencies: ["EvidentCore", "EvidentDER", "EvidentCrypto", "EvidentTSP", "EvidentLedger", "EvidentSQLite", "EvidentBundle", "EvidentTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "EvidentCLITests",
            dependencies: [
                "EvidentCore", "evident", "EvidentDER", "EvidentCrypto", "EvidentTSP", "EvidentLedger", "EvidentSQLite",
                "EvidentTestSupport",
            ],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
