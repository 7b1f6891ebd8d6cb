public import PlateProofImaging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A change to a labelled photo that must not change what the verifier concludes: a clean plate
/// stays clean when its rim is glazed, printed or covered by cutlery, when it is seen at an angle,
/// turned, recompressed or enlarged; a photo with food is never approved because the dish holding
/// the food is cut by the frame or a clean plate is set beside it.
public enum Transformation: String, CaseIterable, Sendable, Codable {
    case rimGlaze = "rim_glaze"
    case rimMotif = "rim_motif"
    case cutlery
    case tilt
    case rotation
    case reencode = "reencode_q60"
    case upscale = "upscale_4000"
    case cropFoodDish = "crop_food_dish"
    case pasteCleanPlate = "paste_clean_plate"

    /// The photos it applies to, and the verdict it must not produce on them.
    public enum Kind: String, Sendable, Codable {
        /// Clean photos, never to be turned into a rejection.
        case clean
        /// Food photos, never to be turned into an approval.
        case food
    }

    public var kind: Kind {
        switch self {
        case .cropFoodDish, .pasteCleanPlate: .food
        default: .clean
        }
    }

    /// What is done, in a few words.
    public var summary: String {
        switch self {
        case .rimGlaze: "rim band glazed in another colour (two-tone plate)"
        case .rimMotif: "printed flowers stamped around the rim"
        case .cutlery: "knife and fork, a spoon or chopsticks laid across the plate"
        case .tilt: "seen 35 degrees further off the vertical"
        case .rotation: "turned 30 degrees"
        case .reencode: "re-encoded at JPEG quality 60"
        case .upscale: "enlarged to 4000 px on the long side"
        case .cropFoodDish: "cropped through the dish holding the most food"
        case .pasteCleanPlate: "a clean plate set beside its dishes, on the table continued"
        }
    }

    /// Whether it needs to know where the plate is.
    var needsPlate: Bool { [.rimGlaze, .rimMotif, .cutlery, .cropFoodDish].contains(self) }

    /// The transformed photo, or nil when it cannot apply (no plate known where one is needed).
    /// - Parameters:
    ///   - plate: The main plate (for clean photos) or the dish holding the most food.
    ///   - seed: Varies colours, motifs and cutlery from photo to photo, reproducibly.
    ///   - companion: The clean plate set beside a food photo's dishes.
    func apply(to image: PixelBuffer, plate: PlateOutline?, seed: UInt64, companion: Companion?) -> PixelBuffer? {
        var random = SplitMix(seed: seed)
        var out = image
        switch self {
        case .rimGlaze:
            guard let plate else { return nil }
            PlateArt.glazeRim(&out, plate: plate, glaze: PlateArt.glazes[random.next(below: PlateArt.glazes.count)])
        case .rimMotif:
            guard let plate else { return nil }
            let ink = PlateArt.inks[random.next(below: PlateArt.inks.count)]
            PlateArt.printMotif(&out, plate: plate, ink: ink, count: 10 + random.next(below: 7))
        case .cutlery:
            guard let plate else { return nil }
            let setting = PlateArt.Setting.allCases[random.next(below: PlateArt.Setting.allCases.count)]
            PlateArt.layCutlery(&out, plate: plate, setting: setting, direction: Double(random.next(below: 360)) * Double.pi / 180)
        case .tilt:
            out = Warp.tilted(image, degrees: 35)
        case .rotation:
            out = Warp.rotated(image, degrees: 30)
        case .reencode:
            return image  // the change is in the encoding, see `quality`
        case .upscale:
            out = Warp.enlarged(image, longSide: 4000)
        case .cropFoodDish:
            guard let plate else { return nil }
            out = Self.cropThrough(image, plate: plate)
        case .pasteCleanPlate:
            guard let companion else { return nil }
            out = Self.setBeside(image, plate: plate, companion: companion)
        }
        return out
    }

    /// JPEG quality the transformed photo is stored at.
    var quality: Int { self == .reencode ? 60 : 92 }

    /// The photo with its table continued to the right, mirrored, and a clean plate cut out of
    /// another photo laid there, about as large as the photo's own main dish.
    static func setBeside(_ image: PixelBuffer, plate: PlateOutline?, companion: Companion) -> PixelBuffer {
        let radius = 0.9 * (plate?.radius ?? 0.3 * Double(min(image.width, image.height)))
        let scale = radius / companion.plate.radius
        let extra = min(image.width, Int(2.3 * radius))
        var out = PixelBuffer(width: image.width + extra, height: image.height)
        for y in 0..<image.height {
            for x in 0..<image.width { out[x, y] = image[x, y] }
            for x in 0..<extra { out[image.width + x, y] = image[image.width - 1 - x, y] }
        }
        let centre = Point(Double(image.width) + Double(extra) / 2, Double(image.height) / 2)
        let source = companion.plate
        var painter = Painter(image: out)
        let reach = radius * source.semiMajor / source.radius + 1
        painter.paint(bounds: (centre.x - reach, centre.y - reach, centre.x + reach, centre.y + reach), multiply: false) { p in
            let at = Point(source.center.x + (p.x - centre.x) / scale, source.center.y + (p.y - centre.y) / scale)
            guard source.rho(at) <= 1.02 else { return nil }
            return SIMD3<Double>(Warp.sample(companion.pixels, at.x - 0.5, at.y - 0.5))
        }
        return painter.image
    }

    /// Cut by the frame edge nearest the plate, a little past its centre, so that about half of
    /// it is left in the picture and no longer looks like a whole dish.
    static func cropThrough(_ image: PixelBuffer, plate: PlateOutline) -> PixelBuffer {
        let (cx, cy) = (plate.center.x, plate.center.y)
        let (w, h) = (Double(image.width), Double(image.height))
        let margin = 0.1 * plate.radius
        let edges: [(distance: Double, crop: (Int, Int, Int, Int))] = [
            (cx, (Int(max(0, cx - margin)), 0, image.width, image.height)),
            (w - cx, (0, 0, Int(min(w, cx + margin)), image.height)),
            (cy, (0, Int(max(0, cy - margin)), image.width, image.height)),
            (h - cy, (0, 0, image.width, Int(min(h, cy + margin)))),
        ]
        guard let crop = edges.min(by: { $0.distance < $1.distance })?.crop, crop.2 - crop.0 >= 16, crop.3 - crop.1 >= 16
        else { return image }
        return Warp.cropped(image, x0: crop.0, y0: crop.1, x1: crop.2, y1: crop.3)
    }
}

/// A clean plate to set beside a food photo's dishes: its photo and where the plate is in it.
struct Companion: Sendable {
    var pixels: PixelBuffer
    var plate: PlateOutline
}

/// A small, reproducible pseudo-random sequence (SplitMix64).
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// FNV-1a of a name: the seed a file's transformations are drawn from.
    static func seed(_ name: String) -> UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
