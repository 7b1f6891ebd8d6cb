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
    /// The search re-encodes only this small image: it starts at `maxQuality`, then interpolates
    /// the quality from the logarithm of the sizes seen, so most images take one to three encodes.
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
            if let fit = fits, over.quality - fit.quality <= 1 || fit.jpeg.count >= budget * 97 / 100 { break }
            if encodes >= 8 { break }
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

    /// Interpolates log(size) linearly in quality between what fit and what did not; with only an
    /// upper point, assumes size falls about 3% a quality step, which holds for photos around q50-q90.
    private func nextQuality(fits: (quality: Int, size: Int)?, tooBig: (quality: Int, size: Int), lowest: Int) -> Int {
        let target = log(Double(configuration.maxBytes) * 0.98)
        let high = (q: Double(tooBig.quality), size: log(Double(tooBig.size)))
        let guess: Double
        if let fits {
            let low = (q: Double(fits.quality), size: log(Double(max(1, fits.size))))
            let slope = (high.size - low.size) / max(1, high.q - low.q)
            guess = slope > 0 ? low.q + (target - low.size) / slope : (low.q + high.q) / 2
            return min(tooBig.quality - 1, max(fits.quality + 1, Int(guess.rounded(.down))))
        }
        guess = high.q - (high.size - target) / 0.03
        return min(tooBig.quality - 1, max(lowest, Int(guess.rounded(.down))))
    }
}
