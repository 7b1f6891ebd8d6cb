import PlateProofImaging
import Testing

@testable import PlateProofRobustness

@Suite("Robustness transformations")
struct TransformationTests {
    static let plate = PlateOutline(center: Point(80, 60), semiMajor: 40, semiMinor: 40, angle: 0)

    static func whitePlateOnWood() -> PixelBuffer {
        var image = PixelBuffer(width: 160, height: 120)
        for y in 0..<120 {
            for x in 0..<160 {
                image[x, y] = plate.rho(Point(Double(x) + 0.5, Double(y) + 0.5)) <= 1 ? [235, 235, 230] : [150, 108, 68]
            }
        }
        return image
    }

    func changed(_ a: PixelBuffer, _ b: PixelBuffer, where keep: (Double) -> Bool) -> Int {
        var count = 0
        for y in 0..<a.height {
            for x in 0..<a.width where keep(Self.plate.rho(Point(Double(x) + 0.5, Double(y) + 0.5))) && a[x, y] != b[x, y] { count += 1 }
        }
        return count
    }

    @Test("glazing the rim changes the rim band only, and every run of a transformation is the same")
    func glaze() throws {
        let image = Self.whitePlateOnWood()
        let glazed = try #require(Transformation.rimGlaze.apply(to: image, plate: Self.plate, seed: 1, companion: nil))
        #expect(changed(image, glazed) { $0 < 0.78 || $0 > 1 } == 0)
        #expect(changed(image, glazed) { $0 > 0.82 && $0 < 0.95 } > 1000)
        #expect(Transformation.rimGlaze.apply(to: image, plate: Self.plate, seed: 1, companion: nil) == glazed)
    }

    @Test("a motif is printed on the rim, cutlery reaches past it, and neither needs more than the plate")
    func motifAndCutlery() throws {
        let image = Self.whitePlateOnWood()
        let printed = try #require(Transformation.rimMotif.apply(to: image, plate: Self.plate, seed: 2, companion: nil))
        #expect(changed(image, printed) { $0 < 0.7 } == 0 && changed(image, printed) { $0 > 0.8 && $0 < 1 } > 100)
        let laid = try #require(Transformation.cutlery.apply(to: image, plate: Self.plate, seed: 3, companion: nil))
        #expect(changed(image, laid) { $0 < 1 } > 200 && changed(image, laid) { $0 > 1.05 } > 0)
        #expect(Transformation.cutlery.apply(to: image, plate: nil, seed: 3, companion: nil) == nil)
    }

    @Test("geometric changes keep the size, or reach the size asked for")
    func geometry() throws {
        let image = Self.whitePlateOnWood()
        for transformation in [Transformation.tilt, .rotation] {
            let out = try #require(transformation.apply(to: image, plate: nil, seed: 0, companion: nil))
            #expect(out.width == 160 && out.height == 120 && out != image)
        }
        let big = try #require(Transformation.upscale.apply(to: image, plate: nil, seed: 0, companion: nil))
        #expect(big.width == 4000 && big.height == 3000)
        #expect(Warp.rotated(image, degrees: 0) == image)
    }

    @Test("the crop cuts the plate near its centre on the side nearest the frame; a clean plate is set beside")
    func foodChanges() throws {
        let image = Self.whitePlateOnWood()
        let offCentre = PlateOutline(center: Point(120, 60), semiMajor: 30, semiMinor: 30, angle: 0)
        let cropped = try #require(Transformation.cropFoodDish.apply(to: image, plate: offCentre, seed: 0, companion: nil))
        #expect(cropped.width == 123 && cropped.height == 120)
        let beside = try #require(
            Transformation.pasteCleanPlate.apply(
                to: image,
                plate: Self.plate,
                seed: 0,
                companion: Companion(pixels: image, plate: Self.plate)
            )
        )
        #expect(beside.height == 120 && beside.width > 160)
        // The continued table is the photo mirrored, and the pasted plate is white at its centre.
        #expect(beside[160, 5] == image[159, 5])
        let centre = Int(160 + Double(beside.width - 160) / 2)
        #expect(beside[centre, 60] == image[80, 60])
    }
}
