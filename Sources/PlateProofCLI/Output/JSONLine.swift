import Foundation
import PlateProofImaging

/// Encodes one value as a single line of JSON, keys sorted so output is stable.
enum JSONLine {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An error as scripts see it: a stable code and a human message.
struct ErrorJSON: Codable, Equatable {
    var code: String
    var message: String

    init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    init(_ error: ImagingError) {
        self.init(code: error.code.rawValue, message: error.message)
    }
}
