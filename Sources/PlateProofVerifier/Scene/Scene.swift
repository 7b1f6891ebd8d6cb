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
    /// Squared distance of each pixel of `smooth` from the scene's white on the opponent axes.
    let chromaSquared: [Float]
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
        chromaSquared = white.chromaSquared(smooth)
        tableware = Tableware(smooth, chromaSquared: chromaSquared, white: white, configuration: configuration)
        segmentation = Segmentation(
            planes: blurred,
            gradient: PixelKernels.gradientMagnitude(blurred.lightness),
            mergeDistance: configuration.mergeDistance,
            edgeGradient: configuration.edgeGradient
        )
        support = Self.support(segmentation, planes: blurred, configuration: configuration)
    }

    /// The surfaces dishes stand on: the large regions reaching the frame, and the regions of the
    /// same colour elsewhere (a tray's surface between the bowls on it).
    private static func support(_ segmentation: Segmentation, planes: ColorPlanes, configuration: VerifierConfiguration) -> [Bool] {
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
        // Mean colour of every region.
        var sums = [SIMD4<Float>](repeating: .zero, count: segmentation.regionCount)
        for index in labels.indices {
            sums[Int(labels[index])] += SIMD4(
                planes.lightness.values[index],
                planes.redGreen.values[index],
                planes.yellowBlue.values[index],
                1
            )
        }
        let smallest = configuration.minSupportShare * Double(width * height)
        let surfaces = frameLabels.filter { Double(segmentation.sizes[Int($0)]) >= smallest }.map { label -> SIMD3<Float> in
            let sum = sums[Int(label)]
            return SIMD3(sum.x, sum.y, sum.z) / sum.w
        }
        var isSupport = [Bool](repeating: false, count: segmentation.regionCount)
        for label in frameLabels where Double(segmentation.sizes[Int(label)]) >= smallest { isSupport[Int(label)] = true }
        let fragment = Double(width * height) * 0.003
        for label in 0..<segmentation.regionCount where !isSupport[label] && Double(segmentation.sizes[label]) >= fragment {
            let sum = sums[label]
            let colour = SIMD3(sum.x, sum.y, sum.z) / sum.w
            isSupport[label] = surfaces.contains {
                abs($0.x - colour.x) + colourDistance($0, colour) <= configuration.supportColourDistance
            }
        }
        return labels.map { isSupport[Int($0)] }
    }

    var width: Int { planes.width }
    var height: Int { planes.height }
}
