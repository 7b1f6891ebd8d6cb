import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStorePostgres
import PlateProofStoreSQLite

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

    func validate() throws {
        if blobs == "postgres", !PostgresStore.isURL(db ?? "") {
            throw ValidationError("--blobs postgres needs --db postgres://USER[:PASSWORD]@HOST:PORT/DB")
        }
    }

    /// The activity catalogue: `DATA/catalogue.json` if present, else the standard one.
    func catalogue() throws -> ActivityCatalogue { try CatalogueFile.load(dataFolder: data) }

    func open() async throws -> (store: any Store, blobs: any BlobStore) {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let blobFolder = blobs ?? (data as NSString).appendingPathComponent("blobs")
        if let db, PostgresStore.isURL(db) {
            let store = try await PostgresStore(url: db)
            return (store, blobFolder == "postgres" ? PostgresBlobStore(store: store) : try FileBlobStore(root: blobFolder))
        }
        let path = db ?? (data as NSString).appendingPathComponent("plateproof.sqlite")
        return (try SQLiteStore(path: path), try FileBlobStore(root: blobFolder))
    }
}
