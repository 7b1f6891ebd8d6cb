/// A plate or bowl found in the analysis image, and what is left on it.
struct Dish: Sendable {
    /// Distinguishes dishes within one picture.
    var id: Int
    /// Pixels of the dish's own visible surface (its segmentation region, or the rim band of a circle).
    var surfacePixels: [Int]
    var ellipse: Ellipse
    /// Pixels of the dish's outline filled in (surface plus whatever lies on it).
    var fill: [Int]
    var surfaceCount: Int
    /// Overlap of the filled outline with the fitted ellipse (1 = a perfect ellipse).
    var ellipseFit: Double
    /// Share of the outline that runs along the image border.
    var borderContact: Double
    /// Mean lightness and opponent colours of the surface.
    var colour: SIMD3<Float>
    /// Pixels measured for residue (inside the rim), and those found covered.
    var innerCount = 0
    var residueCount = 0
    /// Image pixel indices counted as residue.
    var residuePixels: [Int] = []

    var residue: Double { innerCount == 0 ? 0 : Double(residueCount) / Double(innerCount) }
}
