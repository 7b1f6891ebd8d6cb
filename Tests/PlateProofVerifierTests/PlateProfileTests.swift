import Foundation
import PlateProofImaging
import PlateProofTestSupport
import PlateProofVerifier
import Testing

/// Enrolled plate models on generated photos of one decorated plate: four big red flowers on
/// its rim, which the general rules cannot tell from food, seen turned, moved and tilted.
@Suite("Plate profiles")
struct PlateProfileTests {
    static let verifier = Verifier()

    static func sample(_ image: PixelBuffer, _ name: String) -> EnrolmentSample {
        verifier.enrolmentSample(image, name: name, sourceWidth: 1280, sourceHeight: 960)
    }

    /// Three shots of the clean plate: turned, moved, tilted.
    static var shots: [EnrolmentSample] {
        [
            sample(DecoratedPlate.photo(turn: 0.3), "a.jpg"),
            sample(DecoratedPlate.photo(turn: 1.4, cx: 150, cy: 115, radius: 80), "b.jpg"),
            sample(DecoratedPlate.photo(turn: 2.6, cx: 170, radius: 90, tilt: 0.85), "c.jpg"),
        ]
    }

    static func enrolled() throws -> PlateProfile {
        var profile = try PlateProfile.enrol(name: "flowers", samples: shots, configuration: .init())
        profile.version = 1
        return profile
    }

    @Test("three shots of one clean plate make a round profile")
    func enrols() throws {
        let profile = try Self.enrolled()
        #expect(profile.kind == .round && profile.photos == 3 && profile.reference == "flowers@1")
        #expect(profile.sizeRange.lowerBound > 0.2 && profile.sizeRange.upperBound < 0.35, "\(profile.sizeRange)")
    }

    @Test("the printed flowers the general rules take for food are expected on the enrolled plate")
    func decorationIsExpected() throws {
        let photo = DecoratedPlate.photo(turn: 4.0, cx: 165, cy: 125, radius: 82, tilt: 0.92)
        let general = Self.verifier.verify(photo, sourceWidth: 1280, sourceHeight: 960)
        #expect(general.decision != .approve && general.plateProfile == nil, "\(general)")
        let profiled = Verifier(profiles: [try Self.enrolled()]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
        #expect(profiled.decision == .approve && profiled.plateProfile == "flowers@1", "\(profiled)")
    }

    @Test("the overlay draws the registered template of a recognised plate in orange, and no general plate so")
    func overlayDrawsTemplate() throws {
        let photo = DecoratedPlate.photo(turn: 4.0, cx: 165, cy: 125, radius: 82, tilt: 0.92)
        func orange(_ verifier: Verifier) -> Int {
            let overlay = verifier.explain(photo, sourceWidth: 1280, sourceHeight: 960).overlay
            var count = 0
            for y in 0..<overlay.height { for x in 0..<overlay.width where overlay[x, y] == [255, 140, 0] { count += 1 } }
            return count
        }
        #expect(orange(Self.verifier) == 0)
        // The outline and the flowers' edges: more than the outline alone.
        let traced = orange(Verifier(profiles: [try Self.enrolled()]))
        #expect(traced > 2 * 82 * 4, "\(traced) orange pixels")
    }

    @Test("food on the enrolled plate is still residue")
    func foodIsResidue() throws {
        let photo = DecoratedPlate.photo(turn: 2.0, food: true)
        let verdict = Verifier(profiles: [try Self.enrolled()]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
        #expect(verdict.decision == .reject && verdict.plateProfile == "flowers@1", "\(verdict)")
    }

    @Test("a plate with a rim of another colour is not the model: the general rules judge it")
    func otherPlateFallsBack() throws {
        let photo = DecoratedPlate.photo(turn: 1.0, rim: [60, 90, 200])
        let verdict = Verifier(profiles: [try Self.enrolled()]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
        #expect(verdict.plateProfile == nil, "\(verdict)")
    }

    @Test(
        "a bad enrolment is refused with its reason",
        arguments: [
            ("enrolment_photo_count", [0, 1]),
            ("duplicate_photos", [0, 1, 1]),
            ("plate_not_found", [0, 1, 5]),
            ("photo_holds_food", [0, 1, 2, 3]),
            ("photos_disagree", [0, 1, 4]),
        ]
    )
    func refusals(code: String, photos: [Int]) throws {
        let offered =
            Self.shots + [
                Self.sample(DecoratedPlate.photo(turn: 0.9, food: true), "food.jpg"),
                Self.sample(DecoratedPlate.photo(turn: 0.9, rim: [60, 90, 200]), "blue-rim.jpg"),
                Self.sample(DecoratedPlate.photo(turn: 0, radius: 0, tiled: true), "table.jpg"),
            ]
        #expect {
            try PlateProfile.enrol(name: "flowers", samples: photos.map { offered[$0] }, configuration: .init())
        } throws: { error in
            (error as? EnrolmentError)?.code == code
        }
    }

    @Test("a profile survives its JSON, as the store keeps it")
    func codable() throws {
        let profile = try Self.enrolled()
        let decoded = try JSONDecoder().decode(PlateProfile.self, from: try JSONEncoder().encode(profile))
        #expect(decoded.reference == profile.reference && decoded.sizeRange == profile.sizeRange)
        let photo = DecoratedPlate.photo(turn: 4.0)
        #expect(
            Verifier(profiles: [decoded]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
                == Verifier(profiles: [profile]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
        )
    }
}
