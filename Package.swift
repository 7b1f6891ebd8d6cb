// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "PlateProof",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plateproof", targets: ["PlateProofCLI"]),
        .library(name: "PlateProofImaging", targets: ["PlateProofImaging"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
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
            name: "PlateProofImaging",
            dependencies: ["CPlateProofCodecs"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PlateProofCLI",
            dependencies: [
                "PlateProofImaging",
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
            name: "PlateProofCLITests",
            dependencies: ["PlateProofCLI"],
            swiftSettings: swiftSettings
        ),
    ]
)
