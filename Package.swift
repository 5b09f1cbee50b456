// swift-tools-version: 6.1
// ElectoralQMS: quality management and strategic planning for electoral management bodies.
// The module layout follows DESIGN.md: QMSCore in the middle (no I/O), rings around it.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ElectoralQMS",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "eqms", targets: ["eqms"]),
        .executable(name: "eqms-bench", targets: ["eqms-bench"]),
        .library(name: "QMSServices", targets: ["QMSServices"]),
        // For the fuzz targets under Tests/Fuzz, a package of their own that depends on this one.
        .library(name: "QMSFormats", targets: ["QMSFormats"]),
        .library(name: "QMSWeb", targets: ["QMSWeb"]),
        .library(name: "QMSPresentation", targets: ["QMSPresentation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The reminders' scheduler runs beside the HTTP server in one ServiceGroup (issue 25).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib, to inflate XLSX parts from exactly their compressed bytes (ZIPFoundation's reader
        // can loop for ever on a damaged entry). Not "CZlib": ZIPFoundation's module has that name.
        .systemLibrary(
            name: "CSystemZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // OpenLDAP's client library (Debian's libldap-dev ships ldap.pc), for the directory sign-in.
        .systemLibrary(
            name: "CLDAP",
            pkgConfig: "ldap",
            providers: [.apt(["libldap-dev"])]
        ),
        .target(
            name: "QMSCore",
            swiftSettings: strict
        ),
        // What people read: message catalogues (PO files, read at run time), CLDR formatting, the
        // Mustache context and the SVG charts of the web and the dossier.
        .target(
            name: "QMSPresentation",
            dependencies: ["QMSCore"],
            resources: [.copy("Catalogues")],
            swiftSettings: strict
        ),
        .target(
            name: "QMSFormats",
            dependencies: [
                "QMSCore", "CLibXML2", "CSystemZlib",
                // The XLSX writer zips with it; reading has a reader of its own (ZIPPackageReader).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "QMSStore",
            dependencies: [
                "QMSCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "QMSDossier",
            dependencies: [
                "QMSCore", "QMSFormats", "QMSStore", "QMSPresentation", "CSystemZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: strict
        ),
        .target(
            name: "QMSServices",
            dependencies: [
                "QMSCore", "QMSFormats", "QMSStore", "QMSDossier", "QMSDirectory", "QMSMail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            // The common passwords every new password is checked against (see its README).
            resources: [.copy("Resources/Passwords")],
            swiftSettings: strict
        ),
        .target(
            name: "QMSWeb",
            dependencies: [
                "QMSServices", "QMSCore", "QMSStore", "QMSFormats", "QMSDossier", "QMSPresentation", "QMSDirectory",
                "QMSMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Static")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "eqms",
            dependencies: [
                "QMSServices", "QMSCore", "QMSWeb", "QMSDossier", "QMSPresentation", "QMSDirectory", "QMSMail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "eqms-bench",
            dependencies: [
                "QMSServices", "QMSCore", "QMSFormats", "QMSStore", "QMSDossier",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // What every test target shares: the repository's paths, temporary folders, real programs.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "QMSCoreTests", dependencies: ["QMSCore", "TestSupport"], swiftSettings: strict),
        // Mail out: SMTP submission with STARTTLS and authentication over SwiftNIO and NIOSSL (no SMTP
        // package is among those that resolve here), and MIME messages with a text and an HTML part.
        .target(
            name: "QMSMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSMailTests",
            dependencies: ["QMSMail", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        // The commission's directory: sign-in against OpenLDAP or Active Directory over TLS, roles
        // from groups.
        .target(
            name: "QMSDirectory",
            dependencies: ["QMSCore", "CLDAP"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSDirectoryTests",
            dependencies: ["QMSDirectory", "QMSServices", "QMSFormats", "QMSCore", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSPresentationTests",
            dependencies: ["QMSPresentation", "QMSCore", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSFormatsTests",
            dependencies: ["QMSFormats", "QMSCore", "QMSPresentation", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSStoreTests",
            dependencies: [
                "QMSStore", "QMSCore", "QMSPresentation", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSServicesTests",
            dependencies: [
                "QMSServices", "QMSStore", "QMSFormats", "QMSCore", "QMSPresentation", "QMSMail", "TestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSWebTests",
            dependencies: [
                "QMSWeb", "QMSServices", "QMSStore", "QMSCore", "QMSFormats", "QMSPresentation", "QMSDossier",
                "QMSMail", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QMSDossierTests",
            dependencies: [
                "QMSDossier", "QMSServices", "QMSStore", "QMSFormats", "QMSPresentation", "QMSCore", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "eqmsTests",
            dependencies: ["eqms", "QMSCore", "QMSFormats", "QMSStore", "QMSServices", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ]
)
