/// A plate or bowl found in the analysis image, and what is left on it.
struct Dish: Sendable {
    /// Distinguishes dishes within one picture.
    var id: Int
    /// The segmentation region of its surface (none for a circle found by its outline).
    var region: Int?
    /// Pixels of the dish's own visible surface (its segmentation region, or the rim band of a circle).
    var surfacePixels: [Int]
    var ellipse: Ellipse
    /// Pixels of the dish's outline filled in (surface plus whatever lies on it).
    var fill: [Int]
    /// How well the outline is supported: overlap of the filled outline with its fitted ellipse, or
    /// for a circle found by its edges, the share of the circumference they cover (1 = perfect).
    var ellipseFit: Double
    /// Share of its rim band close to the band's own colour (1 for a dish found as a region).
    var evenRim = 1.0
    /// Share of the outline that runs along the image border.
    var borderContact: Double
    /// Mean lightness and opponent colours of the surface.
    var colour: SIMD3<Float>
    /// Pixels measured for residue (inside the rim), and those found covered (weighted by contrast).
    var innerCount = 0
    /// Clean zones found (its own surface, and rim bands or wells of other colours).
    var zones = 1
    /// The segmentation regions of the zones besides its own surface.
    var zoneRegions: [Int32] = []
    var residueCount = 0
    /// Inner pixels in a doubtful zone: evenly coloured all around the centre, glaze or soup.
    var doubtfulCount = 0
    /// Image pixel indices counted as residue.
    var residuePixels: [Int] = []
    /// The enrolled model it was recognised as, registered to its template; then `residue` is
    /// measured against the template, and `generalResidue` is what the general rules measured.
    var profile: ProfileMatch?
    var generalResidue = 0.0

    var residue: Double { innerCount == 0 ? 0 : Double(residueCount) / Double(innerCount) }
    var doubtful: Double { innerCount == 0 ? 0 : Double(doubtfulCount) / Double(innerCount) }
}
