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
            dependencies: [
                "PlateProofDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
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
            name: "PlateProofWorker",
            dependencies: ["PlateProofDomain", "PlateProofImaging", "PlateProofStore", "PlateProofVerifier"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PlateProofCLI",
            dependencies: [
                "PlateProofDomain",
                "PlateProofImaging",
                "PlateProofStore",
                "PlateProofVerifier",
                "PlateProofWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
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
            dependencies: ["PlateProofStore", "PlateProofDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofVerifierTests",
            dependencies: ["PlateProofVerifier", "PlateProofImaging"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofWorkerTests",
            dependencies: ["PlateProofWorker", "PlateProofStore", "PlateProofDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlateProofCLITests",
            dependencies: ["PlateProofCLI", "PlateProofStore", "PlateProofDomain"],
            swiftSettings: swiftSettings
        ),
    ]
)
