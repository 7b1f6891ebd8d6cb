import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A claim upload as it arrives: the photo's bytes and the form's or query's fields. Either
/// `multipart/form-data` (`photo`, `account`, `activity`, `site`) or a raw `image/jpeg` /
/// `image/png` body with `account`, `activity` and `site` in the query.
struct ClaimUpload {
    var photo: [UInt8]
    var account: String?
    var activity: String?
    var site: String?

    /// Multipart framing around the photo: headers, boundaries and the small fields.
    static let multipartAllowance = 64 * 1024

    /// The memory reading `request` takes: its declared length (or the most it may be) times the
    /// copies it passes through (the body, the decoded part, the photo's bytes).
    static func memory(of request: Request, maxPhotoBytes: Int) -> Int {
        let multipart = MediaType(from: request.headers[.contentType] ?? "")?.isType(.multipartForm) == true
        let most = maxPhotoBytes + (multipart ? multipartAllowance : 0)
        let declared = request.headers[.contentLength].flatMap(Int.init).map { min($0, most) } ?? most
        return declared * (multipart ? 3 : 2)
    }

    static func read(_ request: Request, maxPhotoBytes: Int) async throws -> ClaimUpload {
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = MediaType(from: contentType)
        let query = request.uri.queryParameters
        var request = request
        if let boundary = try request.multipartBoundary() {
            let body = try await request.collectBody(upTo: maxPhotoBytes + multipartAllowance)
            guard Self.partHeaderNamesAreASCII(body, boundary: boundary) else {
                throw APIError.badRequest("invalid_multipart", "a part's header name holds bytes that are not ASCII")
            }
            let form: UploadForm
            do {
                form = try FormDataDecoder().decode(UploadForm.self, from: body, boundary: boundary)
            } catch {
                throw APIError.badRequest(
                    "invalid_multipart",
                    "the multipart body could not be read: it needs a photo part (and account, activity)"
                )
            }
            return ClaimUpload(
                photo: [UInt8](form.photo),
                account: form.account ?? query["account"].map(String.init),
                activity: form.activity ?? query["activity"].map(String.init),
                site: form.site ?? query["site"].map(String.init)
            )
        }
        if let mediaType, mediaType.isType(.imageJpeg) || mediaType.isType(.imagePng) {
            let body = try await request.collectBody(upTo: maxPhotoBytes)
            return ClaimUpload(
                photo: Array(buffer: body),
                account: query["account"].map(String.init),
                activity: query["activity"].map(String.init),
                site: query["site"].map(String.init)
            )
        }
        throw APIError(
            .unsupportedMediaType,
            "unsupported_media_type",
            "send multipart/form-data with a photo part, or an image/jpeg or image/png body"
        )
    }
}

extension ClaimUpload {
    /// Whether every header name of every part is ASCII. MultipartKit 4.7 looks each byte of a
    /// header name up in a 128-entry table, so a byte above 0x7F there traps the whole process:
    /// such bodies are refused before it reads them. (Header values, such as UTF-8 file names, may
    /// hold any byte.)
    static func partHeaderNamesAreASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        let delimiter = Array("--\(boundary)".utf8)
        return body.withUnsafeReadableBytes { bytes in
            let (cr, lf, colon, dash) = (UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ":"), UInt8(ascii: "-"))
            var index = 0
            while let found = Self.firstIndex(of: delimiter, in: bytes, from: index) {
                var cursor = found + delimiter.count
                if cursor + 1 < bytes.count, bytes[cursor] == dash, bytes[cursor + 1] == dash { return true }  // the closing delimiter
                // Past the rest of the delimiter's line, then header lines until a blank one.
                while cursor < bytes.count, bytes[cursor] != lf { cursor += 1 }
                cursor += 1
                while cursor < bytes.count, bytes[cursor] != cr, bytes[cursor] != lf {
                    var inName = true
                    while cursor < bytes.count, bytes[cursor] != lf {
                        if bytes[cursor] == colon { inName = false }
                        if inName, bytes[cursor] >= 0x80 { return false }
                        cursor += 1
                    }
                    cursor += 1
                }
                index = cursor
            }
            return true
        }
    }

    /// Where `needle` first starts in `haystack` at or after `start`.
    private static func firstIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, needle.indices.allSatisfy({ haystack[index + $0] == needle[$0] }) { return index }
            index += 1
        }
        return nil
    }
}

/// The fields of a multipart claim upload.
private struct UploadForm: Decodable {
    var photo: Data
    var account: String?
    var activity: String?
    var site: String?
}
