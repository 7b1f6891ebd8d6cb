import Foundation
import Hummingbird

/// Where a browser says a request comes from. A form posted with the review page's session cookie
/// must come from the service's own pages: its `Origin` (or, without one, its `Referer`) names
/// this service. Requests with neither (not from a browser) rely on the form token alone.
enum SameOrigin {
    /// Whether `request` comes from this service, known by `publicURL` (`--public-url`) or else by
    /// the `Host` the request was sent to.
    static func check(_ request: Request, publicURL: String?) throws {
        let claimed = request.headers[.origin].flatMap { $0 == "null" ? "" : $0 } ?? request.headers[.referer]
        guard let claimed else { return }
        guard let source = URLComponents(string: claimed), let host = source.host else { throw refusal }
        let port = source.port.map { ":\($0)" } ?? ""
        if let publicURL, let own = URLComponents(string: publicURL), let ownHost = own.host {
            let ownPort = own.port.map { ":\($0)" } ?? ""
            guard source.scheme == own.scheme, host == ownHost, port == ownPort else { throw refusal }
        } else {
            guard let requestHost = request.head.authority, "\(host)\(port)" == requestHost else { throw refusal }
        }
    }

    static let refusal = APIError(.forbidden, "cross_origin", "this form was posted from another site")
}
