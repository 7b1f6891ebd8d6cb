import Foundation
import NIOCore

/// The fields of an `application/x-www-form-urlencoded` body. Unknown fields are ignored; the
/// first value of a repeated field wins, unless all of them are asked for.
struct FormFields {
    private var values: [String: [String]] = [:]

    init(_ body: ByteBuffer) {
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            if let value = parts.count > 1 ? Self.decode(parts[1]) : "" { values[name, default: []].append(value) }
        }
    }

    subscript(name: String) -> String? { values[name]?.first }

    /// Every value of `name`, in order (checkboxes).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
