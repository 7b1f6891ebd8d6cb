import ArgumentParser
import Foundation
import PlateProofImaging

/// `plateproof inspect`: decode files fully and report what they are.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode images fully and print their format, size, orientation and mean colour.",
        discussion: """
            The format is judged from the bytes, never the file name. Sizes are given as stored and \
            as shown upright (EXIF orientation applied). Means are of the stored pixels, before \
            orientation, with transparent pixels composited over black.

            Exit status: 0 when every file decoded, 1 when any was rejected, 2 on a usage error.
            """
    )

    @Argument(help: "JPEG or PNG files.")
    var files: [String]

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    @Option(help: "Decode JPEGs at 1/N size in the DCT domain (1, 2, 4 or 8); means change slightly.")
    var scale = 1

    @OptionGroup(title: "Limits")
    var limits: DecodeLimitOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
        if ![1, 2, 4, 8].contains(scale) { throw ValidationError("--scale takes 1, 2, 4 or 8") }
    }

    func run() throws {
        let decoder = ImageDecoder(configuration: .init(limits: limits.limits))
        var rejected = 0
        for file in files {
            let result = Result { () throws(ImagingError) in
                try decoder.inspect(.file(path: file), scale: .denominator(scale))
            }
            if case .failure = result { rejected += 1 }
            let line = json ? JSONLine.encode(InspectJSON(file: file, result: result)) : Self.text(file, result)
            FileHandleOutput.standardOutput.write(line + "\n")
        }
        if rejected > 0 { throw ExitCode(1) }
    }

    private static func text(_ file: String, _ result: Result<ImageInspection, ImagingError>) -> String {
        switch result {
        case .success(let inspection):
            let header = inspection.header
            let means = [inspection.meanRed, inspection.meanGreen, inspection.meanBlue]
                .map { String(format: "%.1f", $0) }.joined(separator: " ")
            return "\(file): \(header.format.rawValue) \(header.width)x\(header.height), "
                + "upright \(header.orientedWidth)x\(header.orientedHeight) "
                + "(orientation \(header.orientation.rawValue)), mean RGB \(means)"
        case .failure(let error):
            return "\(file): rejected: \(error.code): \(error.message)"
        }
    }
}

/// The JSON line `inspect --json` prints for one file.
struct InspectJSON: Encodable {
    var file: String
    var format: String?
    var width: Int?
    var height: Int?
    var orientedWidth: Int?
    var orientedHeight: Int?
    var orientation: Int?
    var meanR: Double?
    var meanG: Double?
    var meanB: Double?
    var error: ErrorJSON?

    enum CodingKeys: String, CodingKey {
        case file, format, width, height
        case orientedWidth = "oriented_width"
        case orientedHeight = "oriented_height"
        case orientation
        case meanR = "mean_r"
        case meanG = "mean_g"
        case meanB = "mean_b"
        case error
    }

    init(file: String, result: Result<ImageInspection, ImagingError>) {
        self.file = file
        switch result {
        case .success(let inspection):
            let header = inspection.header
            format = header.format.rawValue
            (width, height) = (header.width, header.height)
            (orientedWidth, orientedHeight) = (header.orientedWidth, header.orientedHeight)
            orientation = header.orientation.rawValue
            meanR = Self.rounded(inspection.meanRed)
            meanG = Self.rounded(inspection.meanGreen)
            meanB = Self.rounded(inspection.meanBlue)
        case .failure(let failure):
            error = ErrorJSON(failure)
        }
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
