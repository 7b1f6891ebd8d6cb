import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofImaging
import PlateProofRepresentations
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker

/// `plateproof plates enrol|list|show|remove`: the plate models a site has shown the verifier.
struct PlatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plates",
        abstract: "Enrol, list, show and remove a site's plate models.",
        discussion: """
            A canteen uses a few plate models thousands of times a day. Enrolling one (3-10 photos of it \
            clean, different shots) teaches the verifier what that plate looks like clean, printed motifs and \
            coloured rims included: a dish recognised as an enrolled model is measured against it, and the \
            verdict names the model (`plate_profile`: name@version). Enrolling a name again makes a new version.
            """,
        subcommands: [Enrol.self, List.self, Show.self, Remove.self]
    )

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a plate model from 3-10 photos of it clean.",
            discussion: """
                Refused, with exit status 1 and an error code, when a photo cannot be read or judged \
                (photo_unusable), shows no plate (plate_not_found), two photos are the same shot \
                (duplicate_photos), one shows something on the plate the others do not (photo_holds_food), \
                or they do not show one model (photos_disagree).
                """
        )

        @Option(help: "The site the model belongs to.") var site: String
        @Option(help: "The model's name (letters, digits and . _ -).") var name: String
        @Argument(help: "JPEG or PNG photos of the clean plate.") var photos: [String]
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @OptionGroup(title: "Verifier") var verifier: VerifierOptions
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func validate() throws {
            let _: SiteID = try identifier(site)
            guard PlateModel.isValidName(name) else { throw ValidationError("--name takes 1 to 64 letters, digits and . _ -, got \(name)") }
            guard (3...10).contains(photos.count) else { throw ValidationError("name 3 to 10 photos of the clean plate") }
        }

        func run() async throws {
            let siteID: SiteID = try identifier(site)
            let assessor = PhotoAssessor(verifier: Verifier(configuration: try verifier.configuration()))
            let photos = photos.map { (name: ($0 as NSString).lastPathComponent, source: ImageSource.file(path: $0)) }
            let stored: PlateModel
            do {
                stored = try await storage.withStorage { store, _ in
                    try await PlateEnrolment(store: store, assessor: assessor).enrol(
                        name: name,
                        at: siteID,
                        photos: photos,
                        now: Clock.now()
                    )
                }
            } catch let refusal as EnrolmentError {
                try refuse(code: refusal.code, message: refusal.message)
            }
            PlateModelOutput.write(stored, json: json)
        }

        private func refuse(code: String, message: String) throws -> Never {
            if json {
                FileHandleOutput.standardOutput.write(JSONLine.encode(["error": ErrorJSON(code: code, message: message)]) + "\n")
            } else {
                FileHandleOutput.standardError.write("refused (\(code)): \(message)\n")
            }
            throw ExitCode(1)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a site's plate models in use (the latest version of each).")
        @Option(help: "The site.") var site: String
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @Flag(help: "Print one JSON object per line.") var json = false

        func run() async throws {
            let siteID: SiteID = try identifier(site)
            for model in try await storage.withStorage({ store, _ in try await store.plateModels(at: siteID) }) {
                PlateModelOutput.write(model, json: json)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one plate model in use, with what was learnt of it.")
        @Option(help: "The site.") var site: String
        @Argument(help: "The model's name.") var name: String
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func run() async throws {
            let siteID: SiteID = try identifier(site)
            let models = try await storage.withStorage { store, _ in try await store.plateModels(at: siteID) }
            guard let model = models.first(where: { $0.name == name }) else {
                FileHandleOutput.standardError.write("site \(site) has no plate model \(name)\n")
                throw ExitCode(1)
            }
            let profile = try model.plateProfile()
            PlateModelOutput.write(model, profile: profile, json: json)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop using a plate model: later verdicts fall back to the general rules; past ones keep naming it."
        )
        @Option(help: "The site.") var site: String
        @Argument(help: "The model's name.") var name: String
        @OptionGroup(title: "Storage") var storage: StorageOptions

        func run() async throws {
            let siteID: SiteID = try identifier(site)
            do {
                try await storage.withStorage { store, _ in try await store.removePlateModel(name, at: siteID, now: Clock.now()) }
            } catch let error as StoreError where error.code == .notFound {
                FileHandleOutput.standardError.write("\(error.message)\n")
                throw ExitCode(1)
            }
            FileHandleOutput.standardOutput.write("plate model \(name) of site \(site) removed\n")
        }
    }
}

private enum PlateModelOutput {
    static func write(_ model: PlateModel, profile: PlateProfile? = nil, json: Bool) {
        let output = PlateModelJSON(model, aspect: profile?.aspect, sizeRange: profile?.sizeRange)
        if json {
            FileHandleOutput.standardOutput.write(JSONLine.encode(output) + "\n")
        } else {
            var line = "\(model.reference) at site \(model.site): \(model.kind), from \(model.photos) photos"
            if let profile {
                line += String(
                    format: ", aspect %.2f, size %.2f-%.2f of the frame",
                    profile.aspect,
                    profile.sizeRange.lowerBound,
                    profile.sizeRange.upperBound
                )
            }
            FileHandleOutput.standardOutput.write(line + "\n")
        }
    }
}
