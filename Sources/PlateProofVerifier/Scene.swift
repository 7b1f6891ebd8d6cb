/// What the verifier's steps share about one analysis image, computed once.
struct Scene {
    /// The picture as decoded.
    let planes: ColorPlanes
    /// Blurred by a 3x3 box: what dishes are found on.
    let blurred: ColorPlanes
    /// Blurred, with the cutlery painted out: what residue is measured on.
    let smooth: ColorPlanes
    /// Fine texture: how far each pixel's lightness is from its 3x3 mean.
    let grain: [Float]
    let white: SceneWhite
    let cutlery: CutleryFinder.Result
    /// Pixels of the surfaces dishes stand on: regions reaching the frame that cover at least
    /// `minSupportShare` of the picture (a table, a tray).
    let support: [Bool]
    /// Pale tableware standing inside the frame.
    let tableware: Tableware
    let segmentation: Segmentation

    init(_ planes: ColorPlanes, configuration: VerifierConfiguration) {
        self.planes = planes
        blurred = ColorPlanes(
            lightness: PixelKernels.boxBlur3(planes.lightness),
            redGreen: PixelKernels.boxBlur3(planes.redGreen),
            yellowBlue: PixelKernels.boxBlur3(planes.yellowBlue)
        )
        grain = zip(planes.lightness.values, blurred.lightness.values).map { abs($0 - $1) }
        white = SceneWhite(blurred)
        cutlery = CutleryFinder(configuration: configuration).find(blurred, white: white)
        smooth = cutlery.inpainted(blurred, reach: 4 * configuration.cutleryRadius + 4)
        tableware = Tableware(smooth, white: white, configuration: configuration)
        segmentation = Segmentation(
            planes: blurred,
            gradient: PixelKernels.gradientMagnitude(blurred.lightness),
            mergeDistance: configuration.mergeDistance,
            edgeGradient: configuration.edgeGradient
        )
        support = Self.support(segmentation, configuration: configuration)
    }

    private static func support(_ segmentation: Segmentation, configuration: VerifierConfiguration) -> [Bool] {
        let (width, height, labels) = (segmentation.width, segmentation.height, segmentation.labels)
        var frameLabels = Set<Int32>()
        for x in 0..<width {
            frameLabels.insert(labels[x])
            frameLabels.insert(labels[(height - 1) * width + x])
        }
        for y in 0..<height {
            frameLabels.insert(labels[y * width])
            frameLabels.insert(labels[y * width + width - 1])
        }
        let smallest = configuration.minSupportShare * Double(width * height)
        var isSupport = [Bool](repeating: false, count: segmentation.regionCount)
        for label in frameLabels where Double(segmentation.sizes[Int(label)]) >= smallest { isSupport[Int(label)] = true }
        return labels.map { isSupport[Int($0)] }
    }

    var width: Int { planes.width }
    var height: Int { planes.height }
}
