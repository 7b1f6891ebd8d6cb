import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore

/// Where claims, the ledger and the photos live. Works on an empty folder: it is created and migrated.
struct StorageOptions: ParsableArguments {
    @Option(help: "The data folder (photos, evidence, and the database unless --db says otherwise).")
    var data = "plateproof-data"

    @Option(help: "The SQLite database file (default: DATA/plateproof.sqlite).")
    var db: String?

    /// The activity catalogue: `DATA/catalogue.json` if present, else the standard one.
    func catalogue() throws -> ActivityCatalogue { try CatalogueFile.load(dataFolder: data) }

    func open() throws -> (store: any Store, blobs: BlobStore) {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let path = db ?? (data as NSString).appendingPathComponent("plateproof.sqlite")
        return (try SQLiteStore(path: path), try BlobStore(root: (data as NSString).appendingPathComponent("blobs")))
    }
}
