import Foundation
public import Hummingbird
import PlateProofStore

/// An HTTP error with a stable machine `code` and a human `message`; every error the API answers
/// is one of these, as JSON.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// The request field at fault, for a body that is refused (422).
    public var field: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = ["code": code, "message": message]
        body["field"] = field
        var response = Response.json(body, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code, message) }

    static let unauthorized = APIError(
        .unauthorized,
        "unauthorized",
        "an API key is required: send Authorization: Bearer KEY",
        headers: [.wwwAuthenticate: "Bearer"]
    )

    static func forbidden(_ role: APIRole) -> APIError {
        APIError(.forbidden, "forbidden", "this needs a key with the \(role.rawValue) role")
    }

    /// The answer for a store failure: not found, conflict, or the database busy (retry later).
    init(_ error: StoreError) {
        switch error.code {
        case .notFound: self.init(.notFound, "not_found", error.message)
        case .conflict: self.init(.conflict, "conflict", error.message)
        case .siteInactive: self.init(.conflict, "site_inactive", error.message)
        case .unavailable: self.init(.serviceUnavailable, "unavailable", error.message, headers: [.retryAfter: "1"])
        default: self.init(.internalServerError, "storage", error.message)
        }
    }
}

extension Response {
    /// A JSON body, keys sorted so answers are stable.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
