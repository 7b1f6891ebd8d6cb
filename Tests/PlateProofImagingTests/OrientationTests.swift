import PlateProofImaging
import Testing

@Suite("Orientation")
struct OrientationTests {
    @Test("each orientation maps the upright image one-to-one onto the stored pixels", arguments: Orientation.allCases)
    func isABijection(orientation: Orientation) {
        let (storedWidth, storedHeight) = (5, 3)
        let width = orientation.swapsAxes ? storedHeight : storedWidth
        let height = orientation.swapsAxes ? storedWidth : storedHeight
        var seen = Set<Int>()
        for y in 0..<height {
            for x in 0..<width {
                let source = orientation.sourcePoint(x: x, y: y, width: storedWidth, height: storedHeight)
                #expect((0..<storedWidth).contains(source.x) && (0..<storedHeight).contains(source.y))
                seen.insert(source.y * storedWidth + source.x)
            }
        }
        #expect(seen.count == storedWidth * storedHeight)
    }

    @Test("right (6) turns the stored image clockwise")
    func rightTurnsClockwise() {
        var stored = PixelBuffer(width: 2, height: 1)
        stored[0, 0] = [255, 0, 0]
        stored[1, 0] = [0, 0, 255]
        let upright = stored.oriented(.right)
        #expect(upright.width == 1 && upright.height == 2)
        #expect(upright[0, 0] == [255, 0, 0])
        #expect(upright[0, 1] == [0, 0, 255])
    }
}
