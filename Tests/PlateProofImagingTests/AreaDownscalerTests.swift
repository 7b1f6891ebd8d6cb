import PlateProofImaging
import Testing

@Suite("Area downscaler")
struct AreaDownscalerTests {
    static let sizes: [(Int, Int, Int, Int)] = [
        (333, 257, 100, 77), (64, 48, 64, 48), (300, 1, 7, 1), (1, 300, 1, 13), (97, 61, 96, 60), (50, 50, 1, 1),
    ]

    @Test("the streaming SIMD version matches the scalar reference", arguments: sizes)
    func matchesReference(size: (Int, Int, Int, Int)) {
        let (inWidth, inHeight, outWidth, outHeight) = size
        let image = FixtureGenerator.gradient(width: inWidth, height: inHeight)
        let expected = AreaDownscaler.reference(image, width: outWidth, height: outHeight)
        var scaler = AreaDownscaler(inputWidth: inWidth, inputHeight: inHeight, outputWidth: outWidth, outputHeight: outHeight)
        var rows: [UInt8] = []
        image.bytes.withUnsafeBytes { bytes in
            for y in 0..<inHeight {
                let row = UnsafeRawBufferPointer(rebasing: bytes[(y * image.rowBytes)..<((y + 1) * image.rowBytes)])
                scaler.push(row: row) { rows += $0 }
            }
        }
        #expect(scaler.isComplete)
        #expect(rows.count == expected.bytes.count)
        let worst = zip(rows, expected.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 1)
    }

    @Test("a flat colour stays exactly that colour at any ratio")
    func flatColourIsExact() {
        var image = PixelBuffer(width: 37, height: 23)
        for y in 0..<23 { for x in 0..<37 { image[x, y] = [201, 13, 77] } }
        let out = AreaDownscaler.reference(image, width: 10, height: 9)
        #expect(out[4, 4] == [201, 13, 77])
    }

    @Test("fitted sizes keep the aspect ratio and never enlarge")
    func fittedSizes() {
        #expect(AreaDownscaler.fittedSize(width: 4032, height: 3024, maxSide: 512) == (512, 384))
        #expect(AreaDownscaler.fittedSize(width: 3024, height: 4032, maxSide: 512) == (384, 512))
        #expect(AreaDownscaler.fittedSize(width: 341, height: 256, maxSide: 512) == (341, 256))
        #expect(AreaDownscaler.fittedSize(width: 3000, height: 2, maxSide: 512) == (512, 1))
    }
}
