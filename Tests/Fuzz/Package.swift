// swift-tools-version: 6.1
// libFuzzer targets for the readers of untrusted input: catalogue, plan and OSCAL files, CSV,
// XLSX, multipart uploads and the PO message catalogues. A package of its own so that the main build never needs the fuzzer
// runtime. Build and run with `Tests/Fuzz/run.sh` (it passes `-sanitize=fuzzer` to every module).
// Each target's main.swift hands libFuzzer its callback through `LLVMFuzzerRunDriver`, so that
// SwiftPM's own entry point stays (libFuzzer's `main` is then not linked).
import PackageDescription

let fuzzer: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "EQMSFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "ElectoralQMS", path: "../..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzerDriver", .product(name: "QMSFormats", package: "ElectoralQMS")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(name: "fuzz-catalogue", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-plan", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-oscal", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-xlsx", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(
            name: "fuzz-po",
            dependencies: ["FuzzSupport", .product(name: "QMSPresentation", package: "ElectoralQMS")],
            swiftSettings: fuzzer
        ),
        .executableTarget(
            name: "fuzz-multipart",
            dependencies: ["FuzzSupport", .product(name: "QMSWeb", package: "ElectoralQMS")],
            swiftSettings: fuzzer
        ),
    ]
)
