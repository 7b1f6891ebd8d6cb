import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Which endpoint URLs and addresses webhooks may be sent to: https only, and never to a
/// private, loopback, link-local, metadata or otherwise internal address, so that a receiver
/// cannot turn the service against the hosts around it. `allowInsecure` (`--allow-insecure-webhooks`,
/// for tests and local development) also lets plain http and loopback addresses through.
public struct WebhookURLPolicy: Sendable, Hashable {
    public var allowInsecure: Bool

    public init(allowInsecure: Bool = false) { self.allowInsecure = allowInsecure }

    /// The URL's parts, when it may be registered; the refusal says why in words.
    public func check(_ text: String) throws(WebhookURLRefusal) -> WebhookTarget {
        guard text.utf8.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            let host = url.host(percentEncoded: false)?.lowercased(), !host.isEmpty
        else { throw WebhookURLRefusal("the URL is not an absolute http(s) URL") }
        guard url.user == nil && url.password == nil else { throw WebhookURLRefusal("the URL may not carry a user or password") }
        guard scheme == "https" || (scheme == "http" && allowInsecure) else {
            throw WebhookURLRefusal(
                scheme == "http" ? "webhook URLs must be https (http only with --allow-insecure-webhooks)" : "webhook URLs must be https"
            )
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let target = WebhookTarget(host: bare, port: url.port ?? (scheme == "https" ? 443 : 80))
        if let address = IPAddress(bare) {
            try check(address)
        } else if Self.internalNames.contains(bare) || bare.hasSuffix(".localhost") || bare.hasSuffix(".internal") {
            guard allowInsecure && (bare == "localhost" || bare.hasSuffix(".localhost")) else {
                throw WebhookURLRefusal("\(bare) names an internal host")
            }
        }
        return target
    }

    /// Refuses an address the service must not send to (checked again after every DNS resolution).
    public func check(_ address: IPAddress) throws(WebhookURLRefusal) {
        switch address.scope {
        case .global: return
        case .loopback where allowInsecure: return
        case let scope: throw WebhookURLRefusal("\(address) is a \(scope.rawValue) address")
        }
    }

    static let internalNames: Set<String> = ["localhost", "metadata", "metadata.google.internal", "instance-data"]
}

/// Where a checked URL sends: the host to resolve and the port to connect to.
public struct WebhookTarget: Sendable, Hashable {
    public var host: String
    public var port: Int
}

/// Why a webhook URL or address is refused.
public struct WebhookURLRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}

/// An IPv4 or IPv6 address, and what kind of network it belongs to.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes.
    public let bytes: [UInt8]

    public enum Scope: String, Sendable {
        case global
        case loopback
        case `private`
        case linkLocal = "link-local (or cloud metadata)"
        case shared = "carrier-grade shared"
        case multicast
        case reserved
        case unspecified
    }

    /// Parses the text form of an address (`10.0.0.1`, `::1`); nil for a host name.
    public init?(_ text: String) {
        var v4 = [UInt8](repeating: 0, count: 4)
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = v4
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = v6
        } else {
            return nil
        }
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var scope: Scope {
        if bytes.count == 4 { return Self.scope(v4: bytes) }
        let b = bytes
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        // An IPv4 address inside IPv6 (mapped ::ffff:a.b.c.d, or NAT64 64:ff9b::a.b.c.d) is judged as itself.
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff { return Self.scope(v4: Array(b[12...])) }
        if b[0..<12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] { return Self.scope(v4: Array(b[12...])) }
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return .linkLocal }
        if b[0] & 0xfe == 0xfc { return .private }
        if b[0] == 0xff { return .multicast }
        if b[0..<12].allSatisfy({ $0 == 0 }) { return .reserved }  // IPv4-compatible, deprecated
        return .global
    }

    static func scope(v4 b: [UInt8]) -> Scope {
        switch (b[0], b[1]) {
        case (0, _): return .unspecified
        case (127, _): return .loopback
        case (10, _), (172, 16...31), (192, 168): return .private
        case (169, 254): return .linkLocal
        case (100, 64...127): return .shared
        case (192, 0) where b[2] == 0, (198, 18...19): return .reserved
        case (224...239, _): return .multicast
        case (240...255, _): return .reserved
        default: return .global
        }
    }
}
