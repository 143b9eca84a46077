// swift-tools-version:6.0
// Benchmarks for Evident, in their own package so their code stays out of the product.
// Run: swift run -c release --package-path Benchmarks EvidentBench [seconds]
import PackageDescription

let package = Package(
    name: "EvidentBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Evident", path: "..")],
    targets: [
        .executableTarget(
            name: "EvidentBench",
            dependencies: [
                .product(name: "EvidentLedger", package: "Evident"),
                .product(name: "EvidentDER", package: "Evident"),
                .product(name: "EvidentCrypto", package: "Evident"),
                .product(name: "EvidentTSP", package: "Evident"),
            ]),
        .executableTarget(
            name: "LedgerBench",
            dependencies: [
                .product(name: "EvidentCore", package: "Evident"),
                .product(name: "EvidentDER", package: "Evident"),
                .product(name: "EvidentCrypto", package: "Evident"),
                .product(name: "EvidentLedger", package: "Evident"),
                .product(name: "EvidentSQLite", package: "Evident"),
            ]),
        .executableTarget(
            name: "MintBench",
            dependencies: [
                .product(name: "EvidentDER", package: "Evident"),
                .product(name: "EvidentCrypto", package: "Evident"),
                .product(name: "EvidentLedger", package: "Evident"),
                .product(name: "EvidentSQLite", package: "Evident"),
                .product(name: "EvidentPostgres", package: "Evident"),
                .product(name: "EvidentServer", package: "Evident"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
