import ArgumentParser
import PlateProofStore
import PlateProofWebhooks

/// How this process treats webhooks: which URLs it accepts and sends to, and how many deliveries
/// it sends at once (`serve` and `worker` deliver the outbox; several processes share it safely).
struct WebhookOptions: ParsableArguments {
    @Flag(help: "Accept and send to http:// and loopback webhook URLs (tests, local development); never in production.")
    var allowInsecureWebhooks = false

    @Option(help: "Webhook deliveries this process sends at once; 0 sends none.")
    var webhookConcurrency = 8

    @Option(help: "Seconds a webhook endpoint has to answer a delivery.")
    var webhookTimeout = 10

    func validate() throws {
        guard webhookConcurrency >= 0 else { throw ValidationError("--webhook-concurrency must be 0 or more") }
        guard (1...60).contains(webhookTimeout) else { throw ValidationError("--webhook-timeout takes 1 to 60 seconds") }
    }

    var policy: WebhookURLPolicy { WebhookURLPolicy(allowInsecure: allowInsecureWebhooks) }

    /// The key that seals endpoint secrets: `PLATEPROOF_WEBHOOK_KEY`, or one kept in the data folder.
    static func secrets(data: String) throws -> WebhookSecretBox { try WebhookSecretBox.load(folder: data) }

    func admin(store: any Store, data: String) throws -> WebhookAdmin {
        try Self.admin(store: store, data: data, policy: policy)
    }

    /// Endpoint administration on `store`, accepting URLs as `policy` does.
    static func admin(store: any Store, data: String, policy: WebhookURLPolicy = .init()) throws -> WebhookAdmin {
        WebhookAdmin(store: store, secrets: try secrets(data: data), policy: policy)
    }

    /// The delivery service for this process, or nil with `--webhook-concurrency 0`.
    func deliveryService(store: any Store, data: String, owner: String) throws -> WebhookDeliveryService? {
        guard webhookConcurrency > 0 else { return nil }
        return WebhookDeliveryService(
            store: store,
            secrets: try Self.secrets(data: data),
            sender: WebhookSender(policy: policy, timeout: .seconds(webhookTimeout)),
            owner: owner,
            concurrency: webhookConcurrency
        )
    }
}
