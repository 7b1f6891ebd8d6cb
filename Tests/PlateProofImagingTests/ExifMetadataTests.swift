import PlateProofImaging
import Testing

@Suite("EXIF metadata")
struct ExifMetadataTests {
    @Test("orientation and capture time from big- and little-endian TIFF", arguments: [true, false])
    func parsesBothByteOrders(bigEndian: Bool) throws {
        let tiff = ExifBuilder.tiff(orientation: 6, dateTimeOriginal: "2026:11:20 07:45:09", bigEndian: bigEndian)
        let exif = try #require(ExifMetadata(tiff: tiff))
        #expect(exif.orientation == .right)
        #expect(exif.captureTime == ExifDateTime(year: 2026, month: 11, day: 20, hour: 7, minute: 45, second: 9))
    }

    @Test("a leading Exif header is skipped")
    func skipsExifHeader() throws {
        let exif = try #require(ExifMetadata(tiff: ExifBuilder.app1(orientation: 3)))
        #expect(exif.orientation == .down)
    }

    @Test("out-of-range orientation values mean upright", arguments: [0, 9, 255])
    func outOfRangeOrientation(value: Int) throws {
        let exif = try #require(ExifMetadata(tiff: ExifBuilder.tiff(orientation: value)))
        #expect(exif.orientationValue == value)
        #expect(exif.orientation == .up)
    }

    @Test("damaged directories give fewer fields, never a crash")
    func damagedInput() {
        #expect(ExifMetadata(tiff: [UInt8]()) == nil)
        #expect(ExifMetadata(tiff: Array("not tiff at all".utf8)) == nil)
        let valid = ExifBuilder.tiff(orientation: 8, dateTimeOriginal: "2026:01:02 03:04:05")
        for cut in 0..<valid.count {
            let partial = ExifMetadata(tiff: valid.prefix(cut))
            #expect(partial == nil || partial!.orientation == .left || partial!.orientationValue == nil)
        }
        var pointingOutside = valid
        pointingOutside[4..<8] = [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(ExifMetadata(tiff: pointingOutside)?.orientationValue == nil)
    }

    @Test("blank or impossible dates are ignored")
    func blankDates() {
        #expect(ExifDateTime(exifString: "    :  :     :  :  ") == nil)
        #expect(ExifDateTime(exifString: "2026:13:01 00:00:00") == nil)
        #expect(ExifDateTime(exifString: "2026:02:03 04:05:06") != nil)
    }
}
