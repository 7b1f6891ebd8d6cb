import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// The parts of a `multipart/form-data` body in order, for forms whose field repeats (the photos
/// of a plate enrolment), which a decoder into one struct would collapse.
struct MultipartParts {
    struct Part {
        var name: String
        var filename: String?
        var body: ByteBuffer
    }

    var parts: [Part]

    /// The first value of text field `name`.
    subscript(field name: String) -> String? {
        parts.first { $0.name == name }.map { String(buffer: $0.body) }
    }

    /// Every part named `name` or `name[]`.
    func files(_ name: String) -> [Part] { parts.filter { $0.name == name || $0.name == name + "[]" } }

    /// Reads a multipart body of at most `limit` bytes; 400 when it is not multipart or cannot be read.
    static func read(_ request: Request, limit: Int) async throws -> MultipartParts {
        guard let boundary = try request.multipartBoundary() else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send multipart/form-data")
        }
        var request = request
        let body = try await request.collectBody(upTo: limit)
        guard ClaimUpload.partHeaderNamesAreASCII(body, boundary: boundary) else {
            throw APIError.badRequest("invalid_multipart", "a part's header name holds bytes that are not ASCII")
        }
        var parts: [Part] = []
        var disposition: String?
        var current = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in if name.lowercased() == "content-disposition" { disposition = value } }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let parameters = disposition.map(Self.parameters) ?? [:]
            parts.append(Part(name: parameters["name"] ?? "", filename: parameters["filename"], body: current))
            (disposition, current) = (nil, ByteBuffer())
        }
        do { try parser.execute(body) } catch {
            throw APIError.badRequest("invalid_multipart", "the multipart body could not be read")
        }
        return MultipartParts(parts: parts)
    }

    /// The parameters of a Content-Disposition value (`form-data; name="photo"; filename="a.jpg"`),
    /// quoted values unquoted; a `;` inside quotes belongs to the value.
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var fields: [String] = [], field = "", quoted = false, escaped = false
        for character in value {
            if escaped {
                field.append(character)
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";", !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let key = field[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            if result[key] == nil { result[key] = String(field[field.index(after: equals)...]).trimmingCharacters(in: .whitespaces) }
        }
        return result
    }
}

extension Request {
    /// The boundary of a `multipart/form-data` body; nil for another type, 400 when it has none.
    func multipartBoundary() throws -> String? {
        let mediaType = MediaType(from: headers[.contentType] ?? "")
        guard mediaType?.isType(.multipartForm) == true else { return nil }
        guard let boundary = mediaType?.parameter?.value, mediaType?.parameter?.name.lowercased() == "boundary", !boundary.isEmpty else {
            throw APIError.badRequest("invalid_multipart", "multipart/form-data needs a boundary parameter")
        }
        return boundary
    }
}
