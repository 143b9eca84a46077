// swift-tools-version:6.0
// Fuzz targets for Evident, kept in their own package so that sanitizer flags and the
// libFuzzer entry points never reach the product build. Build and run with `scripts/fuzz`.
//
// Each target is an executable with `LLVMFuzzerTestOneInput` and a `<Target>_main` that hands
// it to libFuzzer's driver (see CFuzzerDriver.h for why); libFuzzer itself is linked by
// `-sanitize=fuzzer` at build time.
import PackageDescription

let package = Package(
    name: "EvidentFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Evident", path: ".."),
    ],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver for the Swift entry points.
        .target(name: "CFuzzerDriver"),
        // To add a target (say FuzzTSP): an executableTarget depending on CFuzzerDriver and the
        // library under test, whose sources define `LLVMFuzzerTestOneInput` and
        // `@_cdecl("FuzzTSP_main")` calling LLVMFuzzerRunDriver (copy FuzzDER.swift), plus a
        // seed_dirs entry in scripts/fuzz.

        // Strict and lenient DER parsing, every accessor, round-trip invariants.
        .executableTarget(
            name: "FuzzDER",
            dependencies: ["CFuzzerDriver", .product(name: "EvidentDER", package: "Evident")]),
        // RFC 3161 / CMS decoders, dumps, re-encoding and the verifier.
        .executableTarget(
            name: "FuzzTSP",
            dependencies: ["CFuzzerDriver", .product(name: "EvidentDER", package: "Evident"), .product(name: "EvidentTSP", package: "Evident")]),
        // RFC 8785 parsing and canonical round trips; the receipt, draft, key record and key file readers.
        .executableTarget(
            name: "FuzzJCS",
            dependencies: ["CFuzzerDriver", .product(name: "EvidentCrypto", package: "Evident"), .product(name: "EvidentLedger", package: "Evident")]),
        // The bundle reader and verifier: raw files, and bundle parts wrapped in a valid ustar.
        .executableTarget(
            name: "FuzzBundle",
            dependencies: ["CFuzzerDriver", .product(name: "EvidentCore", package: "Evident"), .product(name: "EvidentDER", package: "Evident"), .product(name: "EvidentCrypto", package: "Evident"),
                           .product(name: "EvidentLedger", package: "Evident"), .product(name: "EvidentBundle", package: "Evident")]),
    ],
    swiftLanguageModes: [.v6]
)
