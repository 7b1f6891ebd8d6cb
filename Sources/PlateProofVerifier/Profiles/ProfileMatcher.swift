/// Recognises a found dish as one of a site's enrolled models and registers it to that model's
/// template: the outline's ellipse undoes the tilt, the best turn lines up the printed motif, and a
/// lightness gain varying linearly across the dish takes up its shading.
struct ProfileMatcher {
    var configuration: VerifierConfiguration
    var profiles: [PlateProfile]

    /// The enrolled model the dish is, when its rim agrees with one (the rim: food seldom covers
    /// it), and its size in the frame is one the model was seen at; the best agreeing one.
    func match(_ dish: Dish, scene: Scene, excluded: (Int) -> Bool) -> ProfileMatch? {
        let size = dish.ellipse.major / Double(max(scene.width, scene.height))
        let candidates = profiles.filter { profile in
            let range = profile.sizeRange
            return size >= range.lowerBound * configuration.profileSmallerBy && size <= range.upperBound * configuration.profileLargerBy
        }
        guard !candidates.isEmpty else { return nil }
        let view = DishView(dish, scene: scene, excluded: excluded)
        guard !view.pixels.isEmpty else { return nil }
        var best: ProfileMatch?
        for profile in candidates {
            guard Self.sameRimColour(view.template.rimColour, profile.template.rimColour, configuration: configuration) else { continue }
            let offset = profile.template.registration(of: view.template)
            let aligned = profile.template.rotated(by: (DishTemplate.sectors - offset) % DishTemplate.sectors)
            let match = ProfileMatch(reference: profile.reference, template: aligned, view: view, configuration: configuration)
            guard match.agreement >= configuration.profileMatch, match.agreement > best?.agreement ?? 0 else { continue }
            best = match
        }
        return best
    }
}

extension ProfileMatcher {
    /// Rims of one glaze: a coloured rim of about the same hue and strength, a neutral one as
    /// neutral. (A cell's tolerance grows with its colour's strength, so a strong hue alone could
    /// pass for many others.)
    static func sameRimColour(_ seen: SIMD2<Float>, _ enrolled: SIMD2<Float>, configuration: VerifierConfiguration) -> Bool {
        let (seenChroma, enrolledChroma) = ((seen * seen).sum().squareRoot(), (enrolled * enrolled).sum().squareRoot())
        guard enrolledChroma >= configuration.profileColour, seenChroma >= configuration.profileColour else {
            return abs(seenChroma - enrolledChroma) <= configuration.profileColour
        }
        let cosine = (seen * enrolled).sum() / (seenChroma * enrolledChroma)
        let ratio = seenChroma / enrolledChroma
        return cosine >= configuration.profileHueCosine && ratio >= 1 / 1.6 && ratio <= 1.6
    }
}

extension DishTemplate {
    /// The median opponent colour of the rim cells.
    var rimColour: SIMD2<Float> {
        let cells = (DishView.rimFrom * Self.sectors..<Self.cellCount).filter { !lightness[$0].isNaN }
        guard !cells.isEmpty else { return .zero }
        return SIMD2(cells.map { redGreen[$0] }.sorted()[cells.count / 2], cells.map { yellowBlue[$0] }.sorted()[cells.count / 2])
    }
}

/// A dish registered to an enrolled model's template.
struct ProfileMatch: Sendable {
    /// The profile's `name@version`.
    var reference: String
    /// The template turned into the view's sectors.
    var template: DishTemplate
    var view: DishView
    var configuration: VerifierConfiguration
    /// Relative lightness the template is scaled by: `gain.x + gain.y * u + gain.z * v`.
    private(set) var gain = SIMD3<Float>(1, 0, 0)
    /// Share of the rim's pixels that look as the template says.
    private(set) var agreement = 0.0

    init(reference: String, template: DishTemplate, view: DishView, configuration: VerifierConfiguration) {
        (self.reference, self.template, self.view, self.configuration) = (reference, template, view, configuration)
        gain = fitShading()
        agreement = rimAgreement()
    }

    /// Whether the view's pixel `index` differs from the clean template beyond shading and glare:
    /// from every cell around its own (a ring and a sector either way, which absorbs an outline
    /// found a little larger or smaller), it is darker than the template allows or of another
    /// colour. Brighter in the template's colour is glare.
    func covers(_ index: Int) -> Bool {
        let cell = view.cells[index]
        let g = gain.x + gain.y * view.u[index] + gain.z * view.v[index]
        let fit = template.fits(
            l: view.lightness[index],
            a: view.redGreen[index],
            b: view.yellowBlue[index],
            ring: cell / DishTemplate.sectors,
            sector: cell % DishTemplate.sectors,
            gain: g,
            configuration: configuration
        )
        return fit == false
    }

    private func rimAgreement() -> Double {
        var rim = 0, clean = 0
        for index in view.pixels.indices where view.cells[index] / DishTemplate.sectors >= DishView.rimFrom {
            rim += 1
            if !covers(index) { clean += 1 }
        }
        return rim == 0 ? 0 : Double(clean) / Double(rim)
    }

    /// The lightness gain, a plane over the dish, fitted by least squares to the pixels whose cell
    /// the template knows, then again without those it fits worst (food, glare).
    private func fitShading() -> SIMD3<Float> {
        var gain = SIMD3<Float>(1, 0, 0)
        for pass in 0..<2 {
            // Normal equations of l = (g0 + gu u + gv v) * t.
            var m = [Double](repeating: 0, count: 9), y = SIMD3<Double>.zero
            for index in view.pixels.indices {
                let t = template.lightness[view.cells[index]]
                guard !t.isNaN else { continue }
                let (u, v, l) = (view.u[index], view.v[index], view.lightness[index])
                if pass > 0, abs(l - (gain.x + gain.y * u + gain.z * v) * t) > configuration.profileLightness { continue }
                let x = SIMD3<Double>(Double(t), Double(t * u), Double(t * v))
                for i in 0..<3 { for j in 0..<3 { m[3 * i + j] += x[i] * x[j] } }
                y += x * Double(l)
            }
            guard let solved = Self.solve(m, y) else { return gain }
            gain = SIMD3<Float>(solved)
        }
        return gain
    }

    /// Solves the 3x3 system by Cramer's rule; nil when it is singular.
    private static func solve(_ m: [Double], _ y: SIMD3<Double>) -> SIMD3<Double>? {
        func det(_ a: [Double]) -> Double {
            a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6])
        }
        let d = det(m)
        guard abs(d) > 1e-9 else { return nil }
        var result = SIMD3<Double>.zero
        for column in 0..<3 {
            var replaced = m
            for row in 0..<3 { replaced[3 * row + column] = y[row] }
            result[column] = det(replaced) / d
        }
        return result
    }
}
