import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofRepresentations
import PlateProofStore
import PlateProofWebhooks

/// `plateproof webhooks …`: endpoints that receive events as signed POSTs, and their deliveries.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Register endpoints that receive decisions and ledger entries as signed POSTs; read and resend deliveries.",
        discussion: """
            Event types: \(EventType.allCases.map(\.rawValue).joined(separator: ", ")). Each delivery carries \
            PlateProof-Event-Id and PlateProof-Signature: t=UNIX,v1=HEX (HMAC-SHA256 with the endpoint's secret over \
            UNIX.BODY). `serve` and `worker` deliver; an endpoint that does not answer 2xx is retried for up to 3 days.
            """,
        subcommands: [
            Create.self, List.self, Show.self, Update.self, Disable.self, Enable.self, Rotate.self, Delete.self, Deliveries.self,
            Resend.self, Prune.self,
        ]
    )

    static let actor = "cli"

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an endpoint and print its secret once.")

        @Option(help: "The https:// URL that receives the events.")
        var url: String

        @Option(help: "Comma-separated event types, such as claim.approved,ledger.entry_created.")
        var events: String

        @Option(help: "What the endpoint is for.")
        var description = ""

        @Option(help: "Receive only this site's events; without it, every site's.")
        var site: String?

        @Flag(help: "Print one JSON object: id, url, events, secret, …")
        var json = false

        @OptionGroup(title: "Webhooks")
        var webhooks: WebhookOptions

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func validate() throws {
            if let site { let _: SiteID = try identifier(site) }
        }

        func run() async throws {
            try await storage.withStorage { store, _ in
                let admin = try webhooks.admin(store: store, data: storage.data)
                let (endpoint, secret) = try await admin.create(
                    url: url,
                    events: events.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                    description: description,
                    site: try site.map { try identifier($0) },
                    actor: WebhooksCommand.actor,
                    now: Clock.now()
                )
                if json {
                    FileHandleOutput.standardOutput.write(JSONLine.encode(WebhookJSON(endpoint, secret: secret)) + "\n")
                } else {
                    FileHandleOutput.standardOutput.write("\(endpoint.id)\t\(secret)\n")
                    FileHandleOutput.standardError.write(
                        "webhook \(endpoint.id) created for \(endpoint.url); its secret is shown only now\n"
                    )
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List endpoints (their secrets are never shown again).")

        @Flag(help: "Print one JSON object per line.")
        var json = false

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                for endpoint in try await store.webhooks() {
                    let output = WebhookJSON(endpoint)
                    FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one endpoint.")

        @Argument(help: "The endpoint's id (wh_…).")
        var id: String

        @Flag(help: "Print one JSON object.")
        var json = false

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                guard let endpoint = try await store.webhook(id: id) else { throw StoreError(.notFound, "no webhook \(id)") }
                let output = WebhookJSON(endpoint)
                FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an endpoint's URL, event types or description.")

        @Argument(help: "The endpoint's id (wh_…).")
        var id: String

        @Option(help: "A new https:// URL.")
        var url: String?

        @Option(help: "New comma-separated event types.")
        var events: String?

        @Option(help: "A new description.")
        var description: String?

        @Flag(help: "Print one JSON object.")
        var json = false

        @OptionGroup(title: "Webhooks")
        var webhooks: WebhookOptions

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await change(id: id, json: json, storage: storage, policy: webhooks.policy) { admin in
                try await admin.update(
                    id: id,
                    url: url,
                    events: events.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                    description: description,
                    actor: WebhooksCommand.actor,
                    now: Clock.now()
                )
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop delivering to an endpoint; its deliveries wait until it is enabled."
        )

        @OptionGroup var endpoint: EndpointArguments

        func run() async throws { try await endpoint.setActive(false) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver to a disabled endpoint again (its run of failures starts afresh)."
        )

        @OptionGroup var endpoint: EndpointArguments

        func run() async throws { try await endpoint.setActive(true) }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an endpoint a new secret, printed once; the old one is signed with too for 24 hours."
        )

        @Argument(help: "The endpoint's id (wh_…).")
        var id: String

        @Flag(help: "Print one JSON object with the new secret.")
        var json = false

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                let admin = try WebhookOptions.admin(store: store, data: storage.data)
                let (endpoint, secret) = try await admin.rotate(id: id, actor: WebhooksCommand.actor, now: Clock.now())
                if json {
                    FileHandleOutput.standardOutput.write(JSONLine.encode(WebhookJSON(endpoint, secret: secret)) + "\n")
                } else {
                    FileHandleOutput.standardOutput.write("\(secret)\n")
                    FileHandleOutput.standardError.write("webhook \(endpoint.id) has a new secret; the old one is valid for 24 hours\n")
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an endpoint with its deliveries.")

        @Argument(help: "The endpoint's id (wh_…).")
        var id: String

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                try await store.deleteWebhook(id: id, actor: WebhooksCommand.actor, now: Clock.now())
                FileHandleOutput.standardError.write("webhook \(id) deleted\n")
            }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An endpoint's deliveries, newest first, with every attempt.")

        @Argument(help: "The endpoint's id (wh_…).")
        var id: String

        @Option(help: "How many deliveries.")
        var limit = 50

        @Flag(help: "Print one JSON object per delivery, per line.")
        var json = false

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                guard try await store.webhook(id: id) != nil else { throw StoreError(.notFound, "no webhook \(id)") }
                for delivery in try await store.deliveries(endpoint: id, limit: max(1, limit)) {
                    let output = DeliveryJSON(delivery)
                    FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
                }
            }
        }
    }

    struct Resend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a delivery again now (a failed one, or one delivered long ago).")

        @Argument(help: "The delivery's id.")
        var delivery: Int64

        @Flag(help: "Print one JSON object.")
        var json = false

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                let output = DeliveryJSON(try await store.resendDelivery(id: delivery, actor: WebhooksCommand.actor, now: Clock.now()))
                FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete deliveries delivered more than --older-than-days ago (serve and worker do this hourly, at 30 days)."
        )

        @Option(help: "Age in days of the delivered deliveries to delete (0: every one delivered before now).")
        var olderThanDays = 30

        @Flag(help: "Print one JSON object with the counts.")
        var json = false

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        func validate() throws {
            guard olderThanDays >= 0 else { throw ValidationError("--older-than-days must be 0 or more") }
        }

        func run() async throws {
            try await storage.withStorage { store, _ in
                let pruned = try await store.pruneDeliveries(deliveredBefore: Clock.now().adding(seconds: -Int64(olderThanDays) * 86400))
                let left = try await store.outboxCounts()
                let output = OutboxPruneJSON(pruned: pruned, pending: left.pending, delivered: left.delivered, failed: left.failed)
                FileHandleOutput.standardOutput.write(
                    json
                        ? JSONLine.encode(output) + "\n"
                        : "pruned \(pruned); left: \(left.pending) pending, \(left.delivered) delivered, \(left.failed) failed\n"
                )
            }
        }
    }
}

/// Runs an endpoint change and prints the endpoint.
/// The endpoint `webhooks disable` and `enable` act on.
struct EndpointArguments: ParsableArguments {
    @Argument(help: "The endpoint's id (wh_…).")
    var id: String

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    func setActive(_ active: Bool) async throws {
        try await change(id: id, json: json, storage: storage) { [id] admin in
            try await admin.update(id: id, active: active, actor: WebhooksCommand.actor, now: Clock.now())
        }
    }
}

private func change(
    id: String,
    json: Bool,
    storage: StorageOptions,
    policy: WebhookURLPolicy = .init(),
    _ body: @escaping @Sendable (WebhookAdmin) async throws -> WebhookEndpoint
) async throws {
    try await storage.withStorage { store, _ in
        let endpoint = try await body(try WebhookOptions.admin(store: store, data: storage.data, policy: policy))
        let output = WebhookJSON(endpoint)
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
    }
}

private struct OutboxPruneJSON: Encodable {
    var pruned: Int
    var pending: Int
    var delivered: Int
    var failed: Int
}
