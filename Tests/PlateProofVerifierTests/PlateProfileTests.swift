import Foundation
import PlateProofImaging
import PlateProofVerifier
import Testing

/// Enrolled plate models on generated photos of one decorated plate: four big red flowers on
/// its rim, which the general rules cannot tell from food, seen turned, moved and tilted.
@Suite("Plate profiles")
struct PlateProfileTests {
    /// A photo of the plate on a table: rim flowers turned by `turn` radians, the plate at
    /// (`cx`, `cy`) with radius `radius`, squashed vertically by `tilt`, optionally with a brown
    /// heap in the well and a rim of another colour.
    static func photo(
        turn: Double,
        cx: Double = 160,
        cy: Double = 120,
        radius: Double = 85,
        tilt: Double = 1,
        food: Bool = false,
        rim: SIMD3<Double> = [236, 236, 232],
        grain amplitude: Double = 6,
        tiled: Bool = false
    ) -> PixelBuffer {
        var image = PixelBuffer(width: 320, height: 240)
        for y in 0..<240 {
            for x in 0..<320 {
                // A wooden table: a warm brown with a gentle grain.
                var grain = amplitude * sin(Double(x) * 0.21 + 0.5 * sin(Double(y) * 0.05))
                // A tiled table instead: sharp edges everywhere, and no plate to be found.
                if tiled, (x / 6 + y / 6) % 2 == 0 { grain += 40 }
                var colour = SIMD3<Double>(122 + grain, 92 + grain, 66 + grain)
                let (dx, dy) = ((Double(x) - cx) / radius, (Double(y) - cy) / (radius * tilt))
                let r = (dx * dx + dy * dy).squareRoot()
                if r <= 1 {
                    colour = r >= 0.6 ? rim : SIMD3(244, 244, 240)
                    // Four flowers printed on the rim.
                    for k in 0..<4 {
                        let angle = turn + Double(k) * Double.pi / 2
                        let (fx, fy) = (0.7 * cos(angle) - dx, 0.7 * sin(angle) - dy)
                        if (fx * fx + fy * fy).squareRoot() < 0.13 { colour = [170, 30, 40] }
                    }
                    if food {
                        for (hx, hy, hr) in [(-0.2, 0.05, 0.3), (0.12, -0.1, 0.26), (0.05, 0.22, 0.2)] {
                            let (ex, ey) = (dx - hx, dy - hy)
                            if (ex * ex + ey * ey).squareRoot() < hr { colour = [110, 70, 35] }
                        }
                    }
                }
                image[x, y] = SIMD3<UInt8>(clamping: SIMD3<Int>(colour.rounded(.toNearestOrEven)))
            }
        }
        return image
    }

    static let verifier = Verifier()

    static func sample(_ image: PixelBuffer, _ name: String) -> EnrolmentSample {
        verifier.enrolmentSample(image, name: name, sourceWidth: 1280, sourceHeight: 960)
    }

    /// Three shots of the clean plate: turned, moved, tilted.
    static var shots: [EnrolmentSample] {
        [
            sample(photo(turn: 0.3), "a.jpg"),
            sample(photo(turn: 1.4, cx: 150, cy: 115, radius: 80), "b.jpg"),
            sample(photo(turn: 2.6, cx: 170, radius: 90, tilt: 0.85), "c.jpg"),
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
        let photo = Self.photo(turn: 4.0, cx: 165, cy: 125, radius: 82, tilt: 0.92)
        let general = Self.verifier.verify(photo, sourceWidth: 1280, sourceHeight: 960)
        #expect(general.decision != .approve && general.plateProfile == nil, "\(general)")
        let profiled = Verifier(profiles: [try Self.enrolled()]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
        #expect(profiled.decision == .approve && profiled.plateProfile == "flowers@1", "\(profiled)")
    }

    @Test("food on the enrolled plate is still residue")
    func foodIsResidue() throws {
        let photo = Self.photo(turn: 2.0, food: true)
        let verdict = Verifier(profiles: [try Self.enrolled()]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
        #expect(verdict.decision == .reject && verdict.plateProfile == "flowers@1", "\(verdict)")
    }

    @Test("a plate with a rim of another colour is not the model: the general rules judge it")
    func otherPlateFallsBack() throws {
        let photo = Self.photo(turn: 1.0, rim: [60, 90, 200])
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
                Self.sample(Self.photo(turn: 0.9, food: true), "food.jpg"),
                Self.sample(Self.photo(turn: 0.9, rim: [60, 90, 200]), "blue-rim.jpg"),
                Self.sample(Self.photo(turn: 0, radius: 0, tiled: true), "table.jpg"),
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
        let photo = Self.photo(turn: 4.0)
        #expect(
            Verifier(profiles: [decoded]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
                == Verifier(profiles: [profile]).verify(photo, sourceWidth: 1280, sourceHeight: 960)
        )
    }
}
