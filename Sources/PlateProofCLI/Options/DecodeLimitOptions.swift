import ArgumentParser
import PlateProofImaging

/// Flags that override the decoder's size limits.
struct DecodeLimitOptions: ParsableArguments {
    @Option(help: "Largest accepted file, in bytes.")
    var maxFileBytes = DecodeLimits().maxFileBytes

    @Option(help: "Largest accepted image, in pixels (width x height).")
    var maxPixels = DecodeLimits().maxPixels

    @Option(help: "Largest accepted width or height, in pixels.")
    var maxSide = DecodeLimits().maxSide

    var limits: DecodeLimits {
        DecodeLimits(maxFileBytes: maxFileBytes, maxPixels: maxPixels, maxSide: maxSide)
    }

    func validate() throws {
        guard maxFileBytes > 0, maxPixels > 0, maxSide > 0 else {
            throw ValidationError("limits must be positive")
        }
    }
}
