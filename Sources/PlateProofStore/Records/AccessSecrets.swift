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
}
