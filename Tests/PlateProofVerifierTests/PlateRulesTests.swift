import PlateProofImaging
import PlateProofVerifier
import Testing

/// The plates-3 rules on generated plates: each is approved, and the same photo is not once the
/// rule that explains it is switched off, so the rule, not luck, makes the difference.
@Suite("Clean plates as people leave them")
struct PlateRulesTests {
    func assess(_ name: String, _ overrides: [String: Double] = [:]) throws -> Verification {
        var configuration = VerifierConfiguration()
        for (name, value) in overrides { configuration = try #require(configuration.setting(name, to: value)) }
        return PhotoAssessor(verifier: Verifier(configuration: configuration)).assess(TestData.fixture("plates/\(name).jpg")).verification
    }

    @Test("a knife and fork across a clean plate are not residue")
    func cutlery() throws {
        #expect(try assess("synthetic-cutlery").decision == .approve)
        #expect(try assess("synthetic-cutlery", ["cutlery_radius": 0]).decision != .approve)
    }

    @Test("a yellow rim around a white well is two zones, each clean")
    func twoTone() throws {
        #expect(try assess("synthetic-two-tone").decision == .approve)
        let image = try ImageDecoder().decode(TestData.fixture("plates/synthetic-two-tone.jpg")).pixels
        let dishes = Verifier().explain(image, sourceWidth: 320, sourceHeight: 240).dishes
        #expect(dishes.count == 1 && (dishes.first?.zones ?? 0) >= 2, "\(dishes)")
        #expect(try assess("synthetic-two-tone", ["min_zone_share": 1.1, "ring_even_share": 1.1]).decision == .reject)
    }

    @Test("a white well broken up by printed lines is still one ring of glaze, and clean")
    func checkedWell() throws {
        #expect(try assess("synthetic-two-tone-checked").decision == .approve)
        #expect(try assess("synthetic-two-tone-checked", ["ring_even_share": 1.1]).decision != .approve)
    }

    @Test("a border printed all around the rim is decoration")
    func decoration() throws {
        #expect(try assess("synthetic-decorated").decision == .approve)
        #expect(try assess("synthetic-decorated", ["decoration_around": 1.1]).decision != .approve)
    }

    @Test("food on a plate is still residue, cutlery, zones and borders notwithstanding")
    func food() throws {
        let verdict = try assess("synthetic-food")
        #expect(verdict.decision == .reject && verdict.reasons == [.residueHigh])
    }

    @Test("the overlay shows the cutlery left out, in blue")
    func overlayShowsCutlery() throws {
        let image = try ImageDecoder().decode(TestData.fixture("plates/synthetic-cutlery.jpg")).pixels
        let overlay = Verifier().explain(image, sourceWidth: 320, sourceHeight: 240).overlay
        var blue = 0
        for y in 0..<overlay.height {
            for x in 0..<overlay.width where overlay[x, y].z > 180 && overlay[x, y].x < 80 && overlay[x, y].y < 80 { blue += 1 }
        }
        // Two bars of about 11 x 180 pixels.
        #expect(blue > 1500, "\(blue) blue pixels")
    }
}
