import ArgumentParser
import PlateProofImaging

/// Flags that override the decoder's size limits.
struct DecodeLimitOptions: ParsableArguments {
    @Option(help: "Largest accepted file, in bytes.")
    var maxFileBytes = DecodeLimits().maxFileBytes

    @Option(help: "Largest accepted image, in pixels (width x height).")
    var maxImagePixels = DecodeLimits().maxPixels

    @Option(help: "Largest accepted image width or height, in pixels.")
    var maxImageSide = DecodeLimits().maxSide

    var limits: DecodeLimits {
        DecodeLimits(maxFileBytes: maxFileBytes, maxPixels: maxImagePixels, maxSide: maxImageSide)
    }

    func validate() throws {
        guard maxFileBytes > 0, maxImagePixels > 0, maxImageSide > 0 else {
            throw ValidationError("limits must be positive")
        }
    }
}
