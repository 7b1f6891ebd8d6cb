import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStorePostgres
import PlateProofStoreSQLite
import ServiceLifecycle

/// Where claims, the ledger and the photos live. Works on an empty folder: it is created and
/// migrated. `--db postgres://…` puts everything but the photos in PostgreSQL.
struct StorageOptions: ParsableArguments {
    @Option(help: "The data folder (photos, evidence, and the database unless --db says otherwise).")
    var data = "plateproof-data"

    @Option(help: "The database: an SQLite file (default: DATA/plateproof.sqlite) or postgres://USER[:PASSWORD]@HOST:PORT/DB.")
    var db: String?

    @Option(
        help:
            "Where photos and evidence go: a folder, which machines may share (default: DATA/blobs), or 'postgres' to keep them in the --db database."
    )
    var blobs: String?

    @Flag(help: "Start on a missing or empty SQLite database even though the blob folder holds photos (a lost database).")
    var allowEmptyDatabase = false

    func validate() throws {
        if blobs == "postgres", !PostgresStore.isURL(db ?? "") {
            throw ValidationError("--blobs postgres needs --db postgres://USER[:PASSWORD]@HOST:PORT/DB")
        }
    }

    /// The activity catalogue: `DATA/catalogue.json` if present, else the standard one.
    func catalogue() throws -> ActivityCatalogue { try CatalogueFile.load(dataFolder: data) }

    /// The store, the blobs and, for PostgreSQL, the service that runs its connection pool: a
    /// long-running process puts it first in its ServiceGroup, so that it closes last.
    func open() throws -> (store: any Store, blobs: any BlobStore, service: (any Service)?) {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let blobFolder = blobs ?? (data as NSString).appendingPathComponent("blobs")
        if let db, PostgresStore.isURL(db) {
            let store = try PostgresStore(url: db)
            return (store, blobFolder == "postgres" ? PostgresBlobStore(store: store) : try FileBlobStore(root: blobFolder), store)
        }
        let path = db ?? (data as NSString).appendingPathComponent("plateproof.sqlite")
        if !allowEmptyDatabase, Self.isEmpty(database: path), Self.holdsPhotos(blobFolder) {
            throw StoreError(
                .storage,
                "the database \(path) is missing or empty, but \(blobFolder) holds photos: the database was lost, or --db names "
                    + "the wrong one. Restore it from a backup, or pass --allow-empty-database to start a new one beside the photos."
            )
        }
        return (try SQLiteStore(path: path), try FileBlobStore(root: blobFolder), nil)
    }

    /// Runs a one-off command's `body` on the storage; a PostgreSQL pool runs beside it, in a child
    /// task, and closes when `body` returns.
    func withStorage<T: Sendable>(_ body: (_ store: any Store, _ blobs: any BlobStore) async throws -> T) async throws -> T {
        let (store, blobs, service) = try open()
        return try await Self.running(service) { try await body(store, blobs) }
    }

    /// Runs `body` with `service` (a store's connection pool, if there is one) running beside it.
    static func running<T: Sendable>(_ service: (any Service)?, _ body: () async throws -> T) async throws -> T {
        guard let service else { return try await body() }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// No bytes in the database file nor in its write-ahead log (where a WAL database's recent
    /// commits live until a checkpoint).
    private static func isEmpty(database path: String) -> Bool {
        [path, path + "-wal"].allSatisfy { ((try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0) == 0 }
    }

    /// Whether the folder holds blobs (their `ab/` folders).
    private static func holdsPhotos(_ folder: String) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.contains { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }
}
