import Foundation

/// Key and session secrets, the same for every back end: generated from the system's secure
/// generator, stored only as SHA-256 digests.
package enum AccessSecrets {
    /// 32 random bytes as URL-safe text.
    package static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func sha256(_ text: String) -> String { ContentDigest.sha256(Array(text.utf8)) }

    /// The form token of the session `token` opens. Derived from the session's secret, so a store
    /// keeps only its digest, as it does the session's.
    package static func csrfToken(forSession token: String) -> String { sha256("csrf:\(token)") }

    /// Whether two secrets are equal, in a time that does not depend on where they first differ.
    package static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension AccessSecrets {
    /// A new webhook endpoint's id: `wh_` and 20 random hex digits.
    package static func webhookID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "wh_" + (0..<10).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexDigits
    }
}
