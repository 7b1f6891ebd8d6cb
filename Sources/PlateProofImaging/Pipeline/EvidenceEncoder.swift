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
        /// The highest quality used; higher costs bytes for no visible gain at evidence sizes.
        public var maxQuality: Int
        /// The floor: below it the image is kept over budget rather than made useless.
        public var minQuality: Int
        /// A file that fills at least this share of the budget ends the search: filling the rest
        /// would cost another encode for about a tenth of a decibel.
        public var fillShare: Double

        public init(maxBytes: Int = 40_000, maxQuality: Int = 90, minQuality: Int = 15, fillShare: Double = 0.8) {
            self.maxBytes = maxBytes
            self.maxQuality = maxQuality
            self.minQuality = minQuality
            self.fillShare = fillShare
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Encodes `image` at the highest quality whose file fits the budget (to within `fillShare`).
    ///
    /// The first quality tried is predicted from the image's detail (a JPEG's size follows its mean
    /// lightness step between neighbours), so most photos take one encode. After that, since a
    /// JPEG's log size falls about linearly with the log of libjpeg's quantiser scale, each next
    /// quality is read off that line through the sizes seen so far.
    public func encode(_ image: PixelBuffer) throws(ImagingError) -> EvidenceImage {
        let budget = configuration.maxBytes
        let lowest = max(1, min(configuration.minQuality, configuration.maxQuality))
        let highest = max(lowest, min(100, configuration.maxQuality))
        var fits: (quality: Int, jpeg: [UInt8])?
        var tooBig: (quality: Int, jpeg: [UInt8])?
        var encodes = 0
        var quality = Self.predictedQuality(
            pixels: image.width * image.height,
            detail: Self.detail(of: image),
            target: Double(budget) * Self.aim,
            in: lowest...highest
        )

        while true {
            let jpeg = try JPEGEncoder.encode(image, quality: quality)
            encodes += 1
            if jpeg.count <= budget {
                fits = (quality, jpeg)
            } else {
                tooBig = (quality, jpeg)
            }
            if let fit = fits, fit.quality == highest || Double(fit.jpeg.count) >= Double(budget) * configuration.fillShare { break }
            if let over = tooBig, over.quality == lowest { break }  // even the lowest does not fit
            if let fit = fits, let over = tooBig, over.quality - fit.quality <= 1 { break }
            if encodes >= 6 { break }
            quality = nextQuality(
                fits: fits.map { ($0.quality, $0.jpeg.count) },
                tooBig: tooBig.map { ($0.quality, $0.jpeg.count) },
                in: lowest...highest
            )
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
        var floor = tooBig?.quality == lowest ? tooBig?.jpeg : nil
        if floor == nil {
            floor = try JPEGEncoder.encode(image, quality: lowest)
            encodes += 1
        }
        let jpeg = floor ?? []
        return EvidenceImage(
            jpeg: jpeg,
            width: image.width,
            height: image.height,
            quality: lowest,
            overBudget: jpeg.count > budget,
            encodes: encodes
        )
    }

    /// The share of the budget each guess aims at: inside the accepted band, below the limit.
    static let aim = 0.9
    /// How log(size) falls with log(quantiser scale), on photos at evidence size (measured: -0.63 to -0.70).
    static let slope = -0.65

    /// The quality the detail model expects to make a file of `target` bytes. The model, fitted on
    /// the labelled plates and the phone and camera photos at 512 px, puts a quality-90 file at
    /// exp(-2.54) x pixels x (detail + 0.5)^0.66 bytes, within 7% for most photos.
    static func predictedQuality(pixels: Int, detail: Double, target: Double, in range: ClosedRange<Int>) -> Int {
        let logSizeAt90 = log(Double(max(1, pixels))) - 2.54 + 0.66 * log(detail + 0.5)
        let scale = exp(log(quantiserScale(90)) + (log(target) - logSizeAt90) / slope)
        return min(range.upperBound, max(range.lowerBound, quality(forScale: scale)))
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
    /// bracketing encodes when there are two, else through the one with the slope photos show. The
    /// answer lies strictly between the qualities already known to fit and to be too big.
    private func nextQuality(fits: (quality: Int, size: Int)?, tooBig: (quality: Int, size: Int)?, in range: ClosedRange<Int>) -> Int {
        let target = log(Double(configuration.maxBytes) * Self.aim)
        func point(_ encode: (quality: Int, size: Int)) -> (x: Double, y: Double) {
            (log(Self.quantiserScale(encode.quality)), log(Double(max(1, encode.size))))
        }
        guard let anchor = tooBig ?? fits else { return range.upperBound }
        var slope = Self.slope
        if let fits, let tooBig {
            let (low, high) = (point(fits), point(tooBig))
            if low.x != high.x, (high.y - low.y) / (high.x - low.x) < -0.05 { slope = (high.y - low.y) / (high.x - low.x) }
        }
        let start = point(anchor)
        let guess = Self.quality(forScale: exp(start.x + (target - start.y) / slope))
        let above = fits.map { $0.quality + 1 } ?? range.lowerBound
        let below = tooBig.map { $0.quality - 1 } ?? range.upperBound
        return min(below, max(above, guess))
    }
}

extension EvidenceEncoder {
    /// How busy the picture is: the mean absolute lightness step between neighbouring pixels (across
    /// and down, every other row), which is what a JPEG's size follows most closely.
    public static func detail(of image: PixelBuffer) -> Double {
        let (width, height, stride) = (image.width, image.height, image.rowBytes)
        guard width >= 2, height >= 2 else { return 0 }
        var total = 0, count = 0
        // Lightness of a row pair, eight pixels at a time, then the steps across and down.
        var here = [Int32](repeating: 0, count: width), below = here
        image.bytes.withUnsafeBufferPointer { bytes in
            func lightness(ofRow row: Int, into out: UnsafeMutableBufferPointer<Int32>) {
                var x = 0
                while x + 8 <= width {
                    let pixels = UnsafeRawPointer(bytes.baseAddress! + row + x * 4).loadUnaligned(as: SIMD32<UInt8>.self)
                    let r = SIMD8<Int32>(truncatingIfNeeded: pixels.evenHalf.evenHalf)
                    let g = SIMD8<Int32>(truncatingIfNeeded: pixels.oddHalf.evenHalf)
                    let b = SIMD8<Int32>(truncatingIfNeeded: pixels.evenHalf.oddHalf)
                    UnsafeMutableRawPointer(out.baseAddress! + x).storeBytes(
                        of: (77 &* r &+ 150 &* g &+ 29 &* b) &>> 8,
                        as: SIMD8<Int32>.self
                    )
                    x += 8
                }
                while x < width {
                    let at = row + x * 4
                    out[x] = (77 * Int32(bytes[at]) + 150 * Int32(bytes[at + 1]) + 29 * Int32(bytes[at + 2])) >> 8
                    x += 1
                }
            }
            here.withUnsafeMutableBufferPointer { here in
                below.withUnsafeMutableBufferPointer { below in
                    for y in Swift.stride(from: 0, to: height - 1, by: 2) {
                        lightness(ofRow: y * stride, into: here)
                        lightness(ofRow: (y + 1) * stride, into: below)
                        for x in 1..<width { total += Int(abs(here[x] - here[x - 1]) + abs(here[x] - below[x])) }
                        count += 2 * (width - 1)
                    }
                }
            }
        }
        return Double(total) / Double(max(1, count))
    }
}
