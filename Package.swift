// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The pixel work is optimised even in debug builds, so the test suite (which runs it over the
/// shared photo sets) takes minutes, not tens of minutes.
let optimisedSwiftSettings = swiftSettings + [.unsafeFlags(["-O"])]

let package = Package(
    name: "PlateProof",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plateproof", targets: ["PlateProofCLI"]),
        .library(name: "PlateProofImaging", targets: ["PlateProofImaging"]),
        .library(name: "PlateProofVerifier", targets: ["PlateProofVerifier"]),
        .library(name: "PlateProofDomain", targets: ["PlateProofDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "CPlateProofCodecs",
            linkerSettings: [
                .linkedLibrary("jpeg"),
                .linkedLibrary("png16"),
            ]
        ),
        .target(
            name: "PlateProofDomain",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofStore",
            dependencies: ["PlateProofDomain", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofStoreSQLite",
            dependencies: ["PlateProofDomain", "PlateProofStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofStorePostgres",
            dependencies: [
                "PlateProofDomain", "PlateProofStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofIntake",
            dependencies: ["PlateProofDomain", "PlateProofImaging", "PlateProofStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofRepresentations",
            dependencies: ["PlateProofDomain", "PlateProofStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofImaging",
            dependencies: ["CPlateProofCodecs"],
            swiftSettings: optimisedSwiftSettings
        ),
        .target(
            name: "PlateProofVerifier",
            dependencies: ["PlateProofImaging"],
            swiftSettings: optimisedSwiftSettings
        ),
        .target(
            name: "PlateProofRobustness",
            dependencies: ["PlateProofImaging", "PlateProofVerifier"],
            swiftSettings: optimisedSwiftSettings
        ),
        .target(
            name: "PlateProofEvaluation",
            dependencies: ["PlateProofVerifier"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofWorker",
            dependencies: [
                "PlateProofDomain", "PlateProofImaging", "PlateProofStore", "PlateProofVerifier",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofWebhooks",
            dependencies: [
                "PlateProofDomain", "PlateProofStore", "PlateProofRepresentations",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofHTTP",
            dependencies: [
                "PlateProofDomain", "PlateProofImaging", "PlateProofStore", "PlateProofIntake", "PlateProofRepresentations",
                "PlateProofWebhooks", "PlateProofVerifier", "PlateProofWorker",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PlateProofCLI",
            dependencies: [
                "PlateProofDomain",
                "PlateProofImaging",
                "PlateProofStore",
                "PlateProofStoreSQLite",
                "PlateProofStorePostgres",
                "PlateProofIntake",
                "PlateProofRepresentations",
                "PlateProofVerifier",
                "PlateProofRobustness",
                "PlateProofEvaluation",
                "PlateProofWorker",
                "PlateProofHTTP",
                "PlateProofWebhooks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PlateProofTestSupport",
            dependencies: [
                "PlateProofStorePostgres", "PlateProofImaging",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/PlateProofTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofImagingTests",
            dependencies: ["PlateProofImaging"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofDomainTests",
            dependencies: ["PlateProofDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofStoreTests",
            dependencies: [
                "PlateProofStore", "PlateProofStoreSQLite", "PlateProofStorePostgres", "PlateProofDomain", "PlateProofTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofVerifierTests",
            dependencies: ["PlateProofVerifier", "PlateProofImaging", "PlateProofTestSupport"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofEvaluationTests",
            dependencies: ["PlateProofEvaluation", "PlateProofVerifier"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofRobustnessTests",
            dependencies: ["PlateProofRobustness", "PlateProofImaging", "PlateProofVerifier", "PlateProofTestSupport"],
            swiftSettings: optimisedSwiftSettings  // the suite on ../shared/plates changes 3,000 photos
        ),
        .testTarget(
            name: "PlateProofWorkerTests",
            dependencies: [
                "PlateProofWorker", "PlateProofStore", "PlateProofStoreSQLite", "PlateProofDomain", "PlateProofTestSupport",
                "PlateProofVerifier", "PlateProofImaging",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofWebhooksTests",
            dependencies: [
                "PlateProofWebhooks", "PlateProofStore", "PlateProofStoreSQLite", "PlateProofDomain", "PlateProofTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofHTTPTests",
            dependencies: [
                "PlateProofHTTP", "PlateProofStore", "PlateProofStoreSQLite", "PlateProofIntake", "PlateProofWorker", "PlateProofDomain",
                "PlateProofWebhooks", "PlateProofTestSupport", "PlateProofImaging",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofCLITests",
            dependencies: [
                "PlateProofCLI", "PlateProofStore", "PlateProofStoreSQLite", "PlateProofStorePostgres", "PlateProofDomain",
                "PlateProofImaging", "PlateProofVerifier", "PlateProofTestSupport",
            ],
            swiftSettings: optimisedSwiftSettings  // the scale-out test draws 2,000 photos
        ),
    ]
)
