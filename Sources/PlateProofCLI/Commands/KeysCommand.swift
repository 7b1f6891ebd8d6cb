import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore

/// `plateproof keys create|list|revoke`: API keys for the HTTP service.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys for the HTTP service.",
        discussion: "Keys can be managed while `plateproof serve` runs; a revoked key is refused at once.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once (only its digest is stored).",
            discussion: """
                Roles: uploader (submits claims), moderator (reviews claims), admin (everything). With --site the \
                key acts for that site only, and another site's claims, accounts and events do not exist for it; \
                without it the key is platform-wide.
                """
        )

        @Option(help: "uploader, moderator or admin.")
        var role: String

        @Option(help: "A unique name for the key; it names the key's actions in the audit log.")
        var name: String

        @Option(help: "Scope the key to this site; without it, the key is platform-wide.")
        var site: String?

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        @Flag(help: "Print one JSON object with key, name and role.")
        var json = false

        func validate() throws {
            guard APIRole(rawValue: role) != nil else { throw ValidationError("--role takes uploader, moderator or admin") }
            guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            else {
                throw ValidationError("--name takes 1 to 64 letters, digits, '-', '_' or '.'")
            }
            if let site { let _: SiteID = try identifier(site) }
        }

        func run() async throws {
            try await storage.withStorage { store, _ in
                let created = try await store.createKey(
                    name: name,
                    role: APIRole(rawValue: role) ?? .uploader,
                    site: try site.map { try identifier($0) },
                    now: Clock.now()
                )
                let (key, secret) = (created.key, created.secret)
                if json {
                    var object = ["key": secret, "name": key.name, "role": key.role.rawValue]
                    object["site"] = key.site?.rawValue
                    FileHandleOutput.standardOutput.write(JSONLine.encode(object) + "\n")
                } else {
                    FileHandleOutput.standardOutput.write("\(secret)\n")
                    FileHandleOutput.standardError.write("key \(key.auditDetail) created; it is shown only now\n")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (names and roles; secrets are never stored).")

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        @Flag(help: "Print one JSON object per line.")
        var json = false

        func run() async throws {
            try await storage.withStorage { store, _ in
                for key in try await store.keys() {
                    let line = KeyJSON(
                        name: key.name,
                        role: key.role.rawValue,
                        site: key.site?.rawValue,
                        createdAt: key.createdAt.secondsSince1970,
                        revokedAt: key.revokedAt?.secondsSince1970
                    )
                    FileHandleOutput.standardOutput.write((json ? JSONLine.encode(line) : line.text) + "\n")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: its requests and review sessions are refused from now on.")

        @Argument(help: "The key's name.")
        var name: String

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                guard try await store.keys().contains(where: { $0.name == name }) else {
                    FileHandleOutput.standardError.write("no key named \(name)\n")
                    throw ExitCode(1)
                }
                try await store.revokeKey(name: name, now: Clock.now())
                FileHandleOutput.standardError.write("key \(name) revoked\n")
            }
        }
    }
}

private struct KeyJSON: Encodable {
    var name: String
    var role: String
    /// Nil for a platform-wide key.
    var site: String?
    var createdAt: Int64
    var revokedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case name, role, site
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }

    var text: String { "\(name)\t\(role)\t\(site ?? "platform")\(revokedAt == nil ? "" : "\trevoked")" }
}
