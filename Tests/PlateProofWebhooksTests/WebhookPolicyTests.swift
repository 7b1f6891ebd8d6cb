import Foundation
import PlateProofWebhooks
import Testing

@Suite("Webhook URLs, addresses, signatures and sealed secrets")
struct WebhookPolicyTests {
    let strict = WebhookURLPolicy()
    let insecure = WebhookURLPolicy(allowInsecure: true)

    func refusal(_ policy: WebhookURLPolicy, _ url: String) -> String? {
        do {
            _ = try policy.check(url)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("https to a public host is accepted; http, credentials and internal hosts are refused")
    func urls() throws {
        #expect(refusal(strict, "https://receiver.example.org/hooks/plateproof") == nil)
        #expect(refusal(strict, "https://93.184.216.34:8443/x") == nil)
        #expect(refusal(strict, "http://receiver.example.org/")?.contains("must be https") == true)
        #expect(refusal(strict, "ftp://receiver.example.org/")?.contains("must be https") == true)
        #expect(refusal(strict, "not a url") != nil && refusal(strict, "/relative") != nil)
        #expect(refusal(strict, "https://user:pw@receiver.example.org/")?.contains("user or password") == true)
        for inside in [
            "https://127.0.0.1/", "https://10.1.2.3/", "https://172.20.0.1/", "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/", "https://0.0.0.0/", "https://[::1]/", "https://[fe80::1]/", "https://[fd00:ec2::254]/",
            "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://224.0.0.1/", "https://localhost/",
            "https://metadata.google.internal/", "https://db.internal/",
        ] {
            #expect(refusal(strict, inside) != nil, "\(inside) was accepted")
        }
    }

    @Test("--allow-insecure-webhooks lets http and loopback through, never other internal addresses")
    func insecureForTests() {
        #expect(refusal(insecure, "http://127.0.0.1:8080/hook") == nil)
        #expect(refusal(insecure, "http://localhost:8080/hook") == nil && refusal(insecure, "http://[::1]:9/") == nil)
        #expect(refusal(insecure, "http://10.0.0.1/")?.contains("private") == true)
        #expect(refusal(insecure, "http://169.254.169.254/")?.contains("link-local") == true)
    }

    @Test("addresses are classified by their network, IPv4 inside IPv6 as itself")
    func scopes() throws {
        let cases: [(String, IPAddress.Scope)] = [
            ("8.8.8.8", .global), ("127.0.0.53", .loopback), ("10.0.0.1", .private), ("172.31.255.255", .private),
            ("172.32.0.1", .global), ("192.168.0.1", .private), ("169.254.169.254", .linkLocal), ("100.127.0.1", .shared),
            ("224.0.0.251", .multicast), ("255.255.255.255", .reserved), ("2001:4860:4860::8888", .global), ("::", .unspecified),
            ("::1", .loopback), ("fe80::1", .linkLocal), ("fc00::1", .private), ("ff02::1", .multicast),
            ("::ffff:192.168.0.1", .private), ("::ffff:8.8.8.8", .global),
        ]
        for (text, scope) in cases {
            let address = try #require(IPAddress(text), "\(text) did not parse")
            #expect(address.scope == scope, "\(text)")
        }
        #expect(IPAddress("receiver.example.org") == nil && IPAddress("::ffff:10.0.0.1")?.description == "::ffff:10.0.0.1")
    }

    @Test("a signature verifies with its secret and timestamp only; during a rotation both secrets sign")
    func signatures() {
        let body = #"{"id":1,"type":"claim.approved"}"#
        let header = WebhookSignature.sign(body: body, timestamp: 1_800_000_000, secrets: ["whsec_new", "whsec_old"])
        #expect(header.hasPrefix("t=1800000000,v1=") && header.components(separatedBy: "v1=").count == 3)
        #expect(WebhookSignature.verify(header: header, body: body, secret: "whsec_new", now: 1_800_000_010))
        #expect(WebhookSignature.verify(header: header, body: body, secret: "whsec_old", now: 1_800_000_010))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "whsec_other", now: 1_800_000_010))
        #expect(!WebhookSignature.verify(header: header, body: body + " ", secret: "whsec_new", now: 1_800_000_010))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "whsec_new", now: 1_800_001_000), "a replay an hour later")
        // A known answer: HMAC-SHA256("whsec_test", "1800000000.{}").
        #expect(
            WebhookSignature.sign(body: "{}", timestamp: 1_800_000_000, secrets: ["whsec_test"])
                == "t=1800000000,v1=\(KnownHMAC.value)"
        )
    }

    @Test("secrets are sealed under the key, open only with it, and the key file is private")
    func sealing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let box = try WebhookSecretBox.load(folder: folder, environment: [:])
        let secret = WebhookSecretBox.newSecret()
        #expect(secret.hasPrefix("whsec_") && secret.count >= 48)
        let sealed = try box.seal(secret)
        let again = try box.seal(secret)
        #expect(!sealed.contains(secret) && sealed != again, "sealing is randomised")
        #expect(try box.open(sealed) == secret)
        #expect(try WebhookSecretBox.load(folder: folder, environment: [:]).open(sealed) == secret, "the key file is reused")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/webhook-secrets.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let other = try WebhookSecretBox.load(
            folder: folder,
            environment: ["PLATEPROOF_WEBHOOK_KEY": Data(repeating: 7, count: 32).base64EncodedString()]
        )
        #expect(throws: WebhookKeyError.self) { try other.open(sealed) }
        #expect(throws: WebhookKeyError.self) {
            try WebhookSecretBox.load(folder: folder, environment: ["PLATEPROOF_WEBHOOK_KEY": "short"])
        }
    }
}

/// Computed once with `printf '1800000000.{}' | openssl dgst -sha256 -hmac whsec_test`.
enum KnownHMAC {
    static let value = "482e6337ac5272392d375c6fdc4d52a7e615dc2facedab0ffe155ddfd6a56e66"
}
