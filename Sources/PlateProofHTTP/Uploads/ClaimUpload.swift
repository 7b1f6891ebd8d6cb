import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A claim upload as it arrives: the photo's bytes and the form's or query's fields. Either
/// `multipart/form-data` (`photo`, `account`, `activity`) or a raw `image/jpeg` / `image/png` body
/// with `account` and `activity` in the query.
struct ClaimUpload {
    var photo: [UInt8]
    var account: String?
    var activity: String?

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
        if mediaType?.isType(.multipartForm) == true {
            guard let boundary = mediaType?.parameter?.value, mediaType?.parameter?.name.lowercased() == "boundary", !boundary.isEmpty
            else {
                throw APIError.badRequest("invalid_multipart", "multipart/form-data needs a boundary parameter")
            }
            let body = try await request.collectBody(upTo: maxPhotoBytes + multipartAllowance)
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
                activity: form.activity ?? query["activity"].map(String.init)
            )
        }
        if let mediaType, mediaType.isType(.imageJpeg) || mediaType.isType(.imagePng) {
            let body = try await request.collectBody(upTo: maxPhotoBytes)
            return ClaimUpload(
                photo: Array(buffer: body),
                account: query["account"].map(String.init),
                activity: query["activity"].map(String.init)
            )
        }
        throw APIError(
            .unsupportedMediaType,
            "unsupported_media_type",
            "send multipart/form-data with a photo part, or an image/jpeg or image/png body"
        )
    }
}

/// The fields of a multipart claim upload.
private struct UploadForm: Decodable {
    var photo: Data
    var account: String?
    var activity: String?
}
