// swift-tools-version:6.2
// libFuzzer target for the decode entry point. Not part of the product or CI: run scripts/fuzz-decode.sh.
import PackageDescription

let package = Package(
    name: "PlateProofFuzz",
    dependencies: [
        .package(name: "PlateProof", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "DecodeFuzzer",
            dependencies: [.product(name: "PlateProofImaging", package: "PlateProof")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
