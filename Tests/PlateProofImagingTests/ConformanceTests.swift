import Foundation
import PlateProofImaging
import Testing

/// The external decoder corpus in ../shared/conformance, row by row against its EXPECTED.tsv.
@Suite("Conformance corpus")
struct ConformanceTests {
    struct Row {
        var file: String
        var expectDecode: Bool
        var declaredWidth: Int?
        var declaredHeight: Int?
        var orientedWidth: Int?
        var orientedHeight: Int?
        var orientation: Int?
        var means: SIMD3<Double>?
        var note: String

        var outcomeMayDiffer: Bool { note.contains("tolerance(outcome)") }
        var meansMayDiffer: Bool { note.contains("tolerance(means)") }
        var orientationMayDiffer: Bool { note.contains("tolerance(orientation)") }
    }

    static func rows() throws -> (URL, [Row]) {
        let root = try TestPaths.shared("conformance")
        let table = try String(contentsOf: root.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        let rows = table.split(separator: "\n").dropFirst().map { line -> Row in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let means = Double(f[8]).flatMap { r in Double(f[9]).flatMap { g in Double(f[10]).map { b in SIMD3(r, g, b) } } }
            return Row(
                file: f[0],
                expectDecode: f[2] == "decode",
                declaredWidth: Int(f[3]),
                declaredHeight: Int(f[4]),
                orientedWidth: Int(f[5]),
                orientedHeight: Int(f[6]),
                orientation: Int(f[7]),
                means: means,
                note: f.count > 11 ? f[11] : ""
            )
        }
        return (root, rows)
    }

    @Test("every row of EXPECTED.tsv holds")
    func everyRow() throws {
        let (root, rows) = try Self.rows()
        #expect(rows.count == 504)
        let decoder = ImageDecoder()
        for row in rows {
            let source = ImageSource.file(path: root.appendingPathComponent(row.file).path)
            let outcome = Result { () throws(ImagingError) in try decoder.inspect(source) }
            switch (outcome, row.expectDecode) {
            case (.success(let inspection), true):
                check(inspection, against: row)
            case (.failure(let error), false):
                checkRefusal(error, of: row)
            case (.success, false) where row.outcomeMayDiffer, (.failure, true) where row.outcomeMayDiffer:
                continue
            case (.success(let inspection), false):
                Issue.record("\(row.file): expected a rejection, decoded \(inspection.header.width)x\(inspection.header.height)")
            case (.failure(let error), true):
                Issue.record("\(row.file): expected to decode, got \(error)")
            }
        }
    }

    private func check(_ inspection: ImageInspection, against row: Row) {
        let header = inspection.header
        #expect(header.orientedWidth == row.orientedWidth, "\(row.file): oriented width")
        #expect(header.orientedHeight == row.orientedHeight, "\(row.file): oriented height")
        if !row.orientationMayDiffer {
            #expect(header.orientation.rawValue == (row.orientation ?? 1), "\(row.file): orientation")
        }
        guard let expected = row.means, !row.meansMayDiffer else { return }
        let actual = SIMD3(inspection.meanRed, inspection.meanGreen, inspection.meanBlue)
        let worst = ((actual - expected) * (actual - expected)).max().squareRoot()
        #expect(worst <= 3, "\(row.file): means \(actual) against \(expected)")
    }

    /// Bombs must be refused by the size limits, which are checked from the header before any pixel memory exists.
    private func checkRefusal(_ error: ImagingError, of row: Row) {
        guard let width = row.declaredWidth, let height = row.declaredHeight, width < 1 << 31, height < 1 << 31,
            width * height > DecodeLimits().maxPixels
        else { return }
        #expect(error.code == .tooLarge, "\(row.file): \(error)")
    }

    @Test("oriented pictures match their upright twin")
    func orientationOnPixels() throws {
        let root = try TestPaths.shared("conformance/exif-orientation")
        let decoder = ImageDecoder()
        func upright(_ path: String) throws -> PixelBuffer {
            try decoder.decode(.file(path: root.appendingPathComponent(path).path)).pixels
        }
        for family in ["Landscape", "Portrait"] {
            let reference = try upright("exif-orientation-examples/\(family)_1.jpg")
            for index in [0, 2, 3, 4, 5, 6, 7, 8] {
                let image = try upright("exif-orientation-examples/\(family)_\(index).jpg")
                let difference = meanAbsoluteDifference(image, reference)
                #expect(difference < 8, "\(family)_\(index): mean difference \(difference)")
            }
        }
        let hopper = try upright("pillow/hopper_orientation_2.jpg")
        for index in 3...8 {
            let image = try upright("pillow/hopper_orientation_\(index).jpg")
            let difference = meanAbsoluteDifference(image, hopper)
            #expect(difference < 8, "hopper_orientation_\(index): mean difference \(difference)")
        }
    }

    private func meanAbsoluteDifference(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        guard a.width == b.width, a.height == b.height else { return .infinity }
        var total = 0
        for index in a.bytes.indices where index % 4 != 3 {
            total += abs(Int(a.bytes[index]) - Int(b.bytes[index]))
        }
        return Double(total) / Double(a.width * a.height * 3)
    }
}
