import Foundation
public import Logging
import PlateProofDomain
public import PlateProofStore
import PostgresNIO
public import ServiceLifecycle

/// The store on PostgreSQL (postgres-nio), for deployments where many workers and servers on many
/// machines share one database. Same contract as `SQLiteStore`: every method is one transaction.
/// Transactions that pay or correct credits run SERIALIZABLE and are retried on serialization
/// failures, so concurrent workers behave as SQLite's single writer does; jobs are leased with
/// `FOR UPDATE SKIP LOCKED`. A lost connection is `unavailable`: the caller retries, nothing half
/// done is kept.
///
/// A ServiceLifecycle service: its connection pool runs, and the schema is migrated, while `run()`
/// does (first in a process's ServiceGroup, or beside a one-off command); transactions wait until
/// the schema is ready.
public final class PostgresStore: Service {
    let client: PostgresClient
    let logger: Logger
    private let readiness = Readiness()

    /// A store on `url` (`postgres://USER[:PASSWORD]@HOST:PORT/DB`); nothing connects before `run()`.
    public init(url: String, logger: Logger = Logger(label: "plateproof.postgres")) throws(StoreError) {
        guard let configuration = Self.configuration(url) else {
            throw StoreError(.storage, "not a PostgreSQL URL: expected postgres://USER[:PASSWORD]@HOST:PORT/DB")
        }
        // The pool's own warnings (among them one for leases that come before run() has started,
        // which is harmless here) stay quiet; callers log failures with what they were doing.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.logger = logger
    }

    /// Runs the connection pool until cancelled or gracefully shut down, migrating the schema first.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            do {
                try await PostgresMigrations.migrate(self)
            } catch {
                readiness.fail(error)
                group.cancelAll()
                throw error
            }
            readiness.open()
            try await group.waitForAll()
        }
    }

    static func configuration(_ url: String) -> PostgresClient.Configuration? {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, let user = components.user
        else { return nil }
        let database = String(components.path.drop { $0 == "/" })
        var configuration = PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: user,
            password: components.password,
            database: database.isEmpty ? nil : database,
            tls: .disable
        )
        configuration.options.maximumConnections = 20
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// Whether `url` names PostgreSQL rather than an SQLite file.
    public static func isURL(_ url: String) -> Bool { url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") }

    // MARK: - Transactions

    enum Isolation: String {
        /// For work whose rows are locked or keyed (leases, inserts with unique keys, reads).
        case readCommitted = "READ COMMITTED"
        /// For work that reads what decides a payment (caps, ledger sequences): as if one writer.
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` in one transaction, retrying serialization failures, deadlocks and unique-key races.
    /// A database that does not answer within `timeout` is `unavailable` (the pool would otherwise
    /// wait for a connection for as long as the server is down, and a query on a connection that
    /// died may never be answered).
    func transaction<T: Sendable>(
        _ isolation: Isolation = .readCommitted,
        timeout: Duration = .seconds(10),
        migrating: Bool = false,
        _ body: @escaping @Sendable (PostgresTransaction) async throws -> T
    ) async throws(StoreError) -> T {
        var attempt = 0
        while true {
            do {
                return try await TransactionDeadline<T>.run(timeout: timeout) { [client, logger, readiness] deadline in
                    if !migrating { try await readiness.wait() }
                    return try await client.withConnection { connection in
                        deadline.using(connection)
                        let transaction = PostgresTransaction(connection: connection, logger: logger)
                        try await transaction.run(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)"))
                        do {
                            let value = try await body(transaction)
                            try await transaction.run("COMMIT")
                            return value
                        } catch {
                            // A connection that cannot roll back goes, rather than back to the pool mid-transaction.
                            do { try await transaction.run("ROLLBACK") } catch { try? await connection.close() }
                            throw error
                        }
                    }
                }
            } catch {
                let failure = Self.storeError(error)
                attempt += 1
                guard failure.retryable, attempt < 12 else { throw failure.error }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 << min(attempt, 5)))))
            }
        }
    }

    /// What a failure means for the caller, and whether the transaction may simply run again.
    static func storeError(_ error: any Error) -> (error: StoreError, retryable: Bool) {
        if let error = error as? StoreError { return (error, false) }
        if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState] {
                switch state {
                case "40001", "40P01":
                    return (StoreError(.unavailable, "the database is busy", underlying: String(reflecting: error)), true)
                case "23505":
                    return (StoreError(.conflict, "the change conflicts with what is stored", underlying: String(reflecting: error)), true)
                case "23503", "23514":
                    return (StoreError(.conflict, "the change conflicts with what is stored", underlying: String(reflecting: error)), false)
                case let state where state.hasPrefix("08") || state.hasPrefix("57"):
                    return (StoreError(.unavailable, "the database cannot be reached", underlying: String(reflecting: error)), false)
                case let state where state.hasPrefix("53"):
                    return (
                        StoreError(
                            .unavailable,
                            "the database server is out of disk, memory or connections",
                            underlying: String(reflecting: error)
                        ), false
                    )
                case "25006":
                    return (
                        StoreError(
                            .unavailable,
                            "the database is read-only (a standby, or read-only mode)",
                            underlying: String(reflecting: error)
                        ), false
                    )
                case let state where state.hasPrefix("58"):
                    return (
                        StoreError(.unavailable, "the database server failed a read or write", underlying: String(reflecting: error)), false
                    )
                case "XX001", "XX002":
                    return (
                        StoreError(
                            .unavailable,
                            "the database's data is damaged (restore it from a backup)",
                            underlying: String(reflecting: error)
                        ), false
                    )
                default: return (StoreError(.storage, "database error", underlying: String(reflecting: error)), false)
                }
            }
            return (StoreError(.unavailable, "the database cannot be reached", underlying: String(reflecting: error)), false)
        }
        return (StoreError(.storage, "database error", underlying: String(reflecting: error)), false)
    }
}

/// One open transaction: runs queries and reads rows by column name.
struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    func run(_ query: PostgresQuery) async throws {
        for try await _ in try await send(query) {}
    }

    /// Sends `query`; a connection known to be closed fails at once (postgres-nio would never
    /// answer a query written to it).
    private func send(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        guard !connection.isClosed else { throw StoreError(.unavailable, "the connection to the database closed") }
        return try await connection.query(query, logger: logger)
    }

    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await send(query) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? { try await rows(query).first }

    /// The first column of the first row, if there is one and it is not NULL.
    func value<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) async throws -> T? {
        for try await row in try await send(query) {
            let cell = row.makeRandomAccess()[0]
            return cell.bytes == nil ? nil : try cell.decode(T.self)
        }
        return nil
    }

    func values<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) async throws -> [T] {
        var values: [T] = []
        for try await row in try await send(query) {
            values.append(try row.makeRandomAccess()[0].decode(T.self))
        }
        return values
    }
}

extension PostgresRandomAccessRow {
    func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        let cell = self[column]
        return cell.bytes == nil ? nil : try cell.decode(T.self)
    }
}
