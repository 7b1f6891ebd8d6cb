#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small JPEG kept as evidence of a claim: what moderators see and what re-verification reads.
public struct EvidenceImage: Sendable, Equatable, CustomStringConvertible {
    /// The JPEG file: pixels only, no metadata.
    public var jpeg: [UInt8]
    public var width: Int
    public var height: Int
    /// The JPEG quality (1-100) the byte budget allowed.
    public var quality: Int
    /// Whether even the lowest allowed quality did not fit the byte budget.
    public var overBudget: Bool
    /// How many times the small image was encoded to find the quality.
    public var encodes: Int

    public var description: String {
        "EvidenceImage(\(width)x\(height), \(jpeg.count) bytes, quality \(quality)\(overBudget ? ", over budget" : ""))"
    }
}

/// Encodes evidence JPEGs at the highest quality that fits a byte budget.
public struct EvidenceEncoder: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// The byte budget of one evidence file.
        public var maxBytes: Int
        /// The quality tried first; higher costs bytes for no visible gain at evidence sizes.
        public var maxQuality: Int
        /// The floor: below it the image is kept over budget rather than made useless.
        public var minQuality: Int

        public init(maxBytes: Int = 40_000, maxQuality: Int = 90, minQuality: Int = 15) {
            self.maxBytes = maxBytes
            self.maxQuality = maxQuality
            self.minQuality = minQuality
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Encodes `image` at the highest quality whose file fits the budget.
    ///
    /// The search re-encodes only this small image. It starts at `maxQuality`; then, since a JPEG's
    /// log size falls about linearly with the log of libjpeg's quantiser scale, it interpolates the
    /// next quality on that line, so most photos take one to three encodes.
    public func encode(_ image: PixelBuffer) throws(ImagingError) -> EvidenceImage {
        let budget = configuration.maxBytes
        let lowest = max(1, min(configuration.minQuality, configuration.maxQuality))
        let highest = max(lowest, min(100, configuration.maxQuality))
        var fits: (quality: Int, jpeg: [UInt8])?
        var tooBig: (quality: Int, size: Int)?
        var encodes = 0
        var quality = highest

        while true {
            let jpeg = try JPEGEncoder.encode(image, quality: quality)
            encodes += 1
            if jpeg.count <= budget {
                fits = (quality, jpeg)
            } else {
                tooBig = (quality, jpeg.count)
            }
            guard let over = tooBig else { break }  // the highest quality fits
            if over.quality == lowest { break }  // even the lowest does not
            if let fit = fits, over.quality - fit.quality <= 1 || fit.jpeg.count >= budget * 92 / 100 { break }
            if encodes >= 6 { break }
            quality = nextQuality(fits: fits.map { ($0.quality, $0.jpeg.count) }, tooBig: over, lowest: lowest)
        }

        if let fit = fits {
            return EvidenceImage(
                jpeg: fit.jpeg,
                width: image.width,
                height: image.height,
                quality: fit.quality,
                overBudget: false,
                encodes: encodes
            )
        }
        let floor = try JPEGEncoder.encode(image, quality: lowest)
        return EvidenceImage(
            jpeg: floor,
            width: image.width,
            height: image.height,
            quality: lowest,
            overBudget: floor.count > budget,
            encodes: encodes + 1
        )
    }

    /// libjpeg's quantiser scale, in percent, for a quality setting.
    private static func quantiserScale(_ quality: Int) -> Double {
        quality < 50 ? 5000 / Double(quality) : Double(200 - 2 * quality)
    }

    /// The quality whose quantiser scale is closest to `scale` (inverse of ``quantiserScale(_:)``).
    private static func quality(forScale scale: Double) -> Int {
        let quality = scale > 100 ? 5000 / scale : (200 - scale) / 2
        return Int(quality.rounded(.down))
    }

    /// Places the budget on the line through log(size) against log(quantiser scale): through the two
    /// bracketing encodes when there are two, else through the one with the slope photos show (about -0.55).
    private func nextQuality(fits: (quality: Int, size: Int)?, tooBig: (quality: Int, size: Int), lowest: Int) -> Int {
        let target = log(Double(configuration.maxBytes) * 0.97)
        let high = (x: log(Self.quantiserScale(tooBig.quality)), y: log(Double(tooBig.size)))
        var slope = -0.55
        if let fits {
            let low = (x: log(Self.quantiserScale(fits.quality)), y: log(Double(max(1, fits.size))))
            if low.x != high.x, (high.y - low.y) / (high.x - low.x) < -0.05 {
                slope = (high.y - low.y) / (high.x - low.x)
            }
        }
        let guess = Self.quality(forScale: exp(high.x + (target - high.y) / slope))
        return min(tooBig.quality - 1, max(fits.map { $0.quality + 1 } ?? lowest, guess))
    }
}
