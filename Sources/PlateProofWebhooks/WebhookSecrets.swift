import Crypto
public import Foundation
import PlateProofStore

/// Seals endpoint secrets before they are stored, and opens them to sign. Signing needs the
/// secret itself, so it cannot be kept as a hash (as API keys are); sealed with AES-GCM under a
/// key that lives outside the database, a stolen database or backup does not let anyone forge
/// signatures.
public struct WebhookSecretBox: Sendable {
    /// The 32-byte AES key (kept as bytes: the key type itself is not `Sendable`).
    let keyBytes: Data

    public init(keyBytes: Data) {
        precondition(keyBytes.count == 32, "a webhook key is 32 bytes")
        self.keyBytes = keyBytes
    }

    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// The key in `PLATEPROOF_WEBHOOK_KEY` (32 bytes, base64) when set, which every process of a
    /// deployment must share; otherwise the one in `folder`'s `webhook-secrets.key`, made on first use.
    public static func load(
        folder: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(WebhookKeyError)
        -> WebhookSecretBox
    {
        if let text = environment["PLATEPROOF_WEBHOOK_KEY"] {
            guard let data = Data(base64Encoded: text), data.count == 32 else {
                throw WebhookKeyError("PLATEPROOF_WEBHOOK_KEY must be 32 bytes in base64 (openssl rand -base64 32)")
            }
            return WebhookSecretBox(keyBytes: data)
        }
        let path = (folder as NSString).appendingPathComponent("webhook-secrets.key")
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else { throw WebhookKeyError("\(path) is not a 32-byte key") }
            return WebhookSecretBox(keyBytes: data)
        }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
                throw WebhookKeyError("cannot write \(path)")
            }
        } catch let error as WebhookKeyError {
            throw error
        } catch {
            throw WebhookKeyError("cannot write \(path): \(error.localizedDescription)")
        }
        return WebhookSecretBox(keyBytes: bytes)
    }

    /// A new endpoint secret: `whsec_` and 32 random bytes, URL-safe.
    public static func newSecret() -> String { "whsec_" + AccessSecrets.randomToken() }

    public func seal(_ secret: String) throws(WebhookKeyError) -> String {
        do {
            guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
                throw WebhookKeyError("cannot seal a webhook secret")
            }
            return combined.base64EncodedString()
        } catch let error as WebhookKeyError {
            throw error
        } catch {
            throw WebhookKeyError("cannot seal a webhook secret: \(error)")
        }
    }

    /// The secret sealed in `sealed`; fails when it was sealed under another key.
    public func open(_ sealed: String) throws(WebhookKeyError) -> String {
        guard let data = Data(base64Encoded: sealed),
            let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key),
            let secret = String(data: plain, encoding: .utf8)
        else { throw WebhookKeyError("a webhook secret was sealed under another key (is PLATEPROOF_WEBHOOK_KEY the same everywhere?)") }
        return secret
    }
}

/// The webhook key cannot be read, made, or does not open a stored secret.
public struct WebhookKeyError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}

/// `PlateProof-Signature: t=UNIX,v1=HEX`: HMAC-SHA256 with the endpoint's secret over
/// `UNIX + "." + body`. While a rotated secret is still valid, a second `v1=` is signed with it.
public enum WebhookSignature {
    public static let header = "PlateProof-Signature"

    public static func sign(body: String, timestamp: Int64, secrets: [String]) -> String {
        (["t=\(timestamp)"] + secrets.map { "v1=" + hex(body: body, timestamp: timestamp, secret: $0) }).joined(separator: ",")
    }

    /// Whether `header` holds a signature of `body` by `secret`, made within `tolerance` seconds of
    /// `now`: what a receiver checks.
    public static func verify(header: String, body: String, secret: String, now: Int64, tolerance: Int64 = 300) -> Bool {
        let parts = header.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        guard let t = parts.first(where: { $0.first == "t" && $0.count == 2 }).flatMap({ Int64($0[1]) }), abs(now - t) <= tolerance else {
            return false
        }
        let expected = hex(body: body, timestamp: t, secret: secret)
        return parts.contains { $0.count == 2 && $0[0] == "v1" && AccessSecrets.equalInConstantTime($0[1], expected) }
    }

    static func hex(body: String, timestamp: Int64, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.hexDigits
    }
}
