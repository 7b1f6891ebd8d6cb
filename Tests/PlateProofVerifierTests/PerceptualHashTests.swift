import PlateProofImaging
import PlateProofVerifier
import Testing

@Suite("Perceptual hash")
struct PerceptualHashTests {
    func hash(_ image: PixelBuffer) -> PerceptualHash {
        PerceptualHash(lightness: PixelKernels.colorPlanes(image).lightness)
    }

    @Test("re-encoded, resized and slightly cropped copies stay close; different pictures do not")
    func robustness() throws {
        let original = try ImageDecoder().decode(TestData.fixture("plates/synthetic-food.jpg")).pixels
        let base = hash(original)
        let reencoded = try ImageDecoder().decode(.bytes(JPEGEncoder.encode(original, quality: 40))).pixels
        #expect(base.distance(to: hash(reencoded)) <= 6)
        #expect(base.distance(to: hash(original.areaAveraged(width: 160, height: 120))) <= 6)
        var cropped = PixelBuffer(width: 304, height: 228)
        for y in 0..<228 { for x in 0..<304 { cropped[x, y] = original[x + 8, y + 6] } }
        #expect(base.distance(to: hash(cropped)) <= 12)
        let other = try ImageDecoder().decode(TestData.fixture("plates/synthetic-no-plate.jpg")).pixels
        #expect(base.distance(to: hash(other)) >= 20)
    }

    @Test("hex form round-trips")
    func hex() {
        let value = PerceptualHash(value: 0x00f0_1234_abcd_0001)
        #expect(value.description == "00f01234abcd0001")
        #expect(PerceptualHash(hex: value.description) == value)
        #expect(PerceptualHash(hex: "xyz") == nil)
    }
}
