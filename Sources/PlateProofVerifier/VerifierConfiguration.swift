/// Every threshold the verifier uses, in one value. `heuristicVersion` names the whole set and is
/// recorded with each verdict, so re-verification knows which rules decided what.
public struct VerifierConfiguration: Sendable, Equatable {
    /// Name of this rule set; change it whenever a threshold or rule changes.
    public var heuristicVersion = "plates-3"

    // MARK: Segmentation
    /// Neighbouring pixels whose colours differ by less than this join one region (|dL| + (|da| + |db|) / 2).
    public var mergeDistance: Float = 6
    /// Pixels with a Sobel gradient above this are edges and join no region.
    public var edgeGradient: Float = 48

    // MARK: Cutlery
    /// Cutlery is thinner than 2r+1 analysis pixels: what a greyscale opening or closing of that
    /// side removes.
    public var cutleryRadius = 6
    /// …by more than this much lightness…
    public var cutleryContrast: Float = 24
    /// …or this much on an opponent colour axis.
    public var cutleryColourContrast: Float = 30
    /// A straight piece at least this long (a share of the picture's shorter side)…
    public var cutleryMinLength = 0.2
    /// …and this many times longer than wide is cutlery when it is about neutral in colour…
    public var cutleryElongation = 5.0
    public var cutleryNeutralChroma: Float = 20
    /// …and a coloured one (wooden chopsticks) when at least this long and twice as elongated.
    public var colouredCutleryMinLength = 0.35
    /// Cutlery lies on a surface: on at least one side, at most this share of a band beside it is
    /// other thin things (a strand in a heap of noodles has them on both sides).
    public var cutleryClutter = 0.5

    // MARK: Dishes
    /// Smallest dish (filled outline), as a share of the image.
    public var minDishArea = 0.02
    /// Smallest share of a dish's outline that its own surface must cover (the rest may be food).
    public var minSurfaceShare = 0.15
    /// Smallest overlap (intersection over union) of a dish's filled outline with its fitted ellipse.
    public var minEllipseFit = 0.8
    /// Largest share of a dish's outline that may run along the image border.
    public var maxBorderContact = 0.2
    /// A region reaching the frame and covering at least this share of the picture is a surface
    /// dishes stand on (a table, a tray); the elliptical holes in it are dishes too.
    public var minSupportShare = 0.08
    /// Smaller regions within this colour distance (|dL| + opponent distance) of such a surface
    /// are more of it (a tray between the bowls on it).
    public var supportColourDistance: Float = 18
    /// A found dish is a container's contents when at least this share of the ring just outside it
    /// is pale tableware and at most the rest of its own rim band is.
    public var containerShare = 0.6
    /// A dish filling more than this share of the rectangle around it (along its axes) has
    /// straight sides: a tray. An ellipse fills 0.79.
    public var maxBoxFill = 0.86
    /// How many of the largest regions are tried as dishes.
    public var maxCandidateRegions = 24
    /// A dish standing on another counts as tableware if no darker than the host by `darkerThanDish`
    /// and at most this colourful (or the same colour as its host).
    public var tablewareChroma: Float = 25

    // MARK: Round dishes from their outlines
    /// Edge strength (Sobel |gx| + |gy| on the strongest channel, at half size) of outline points.
    public var circleEdgeStrength: Float = 40
    /// Radii tried, as shares of the picture's shorter side.
    public var minCircleRadius = 0.08
    public var maxCircleRadius = 0.6
    /// Centres examined.
    public var circleCandidates = 12
    /// Share of a circle's circumference that radial edges must cover.
    public var minCircleSupport = 0.55
    /// A circle is a dish only if its rim differs from just outside it by this much (|dL| + colour distance).
    public var dishContrast: Float = 35
    /// A round dish stands in for the dishes the regions did not find only when at least this
    /// share of its rim band is within `evenRim` (|dL| + colour distance) of the band's colour.
    public var minEvenRim = 0.3
    public var evenRim: Float = 30

    // MARK: Residue
    /// A region inside a dish covering at least this share of it may be one of its clean zones…
    public var minZoneShare = 0.05
    /// …and, unless it is a band reaching the rim, only as smooth as glaze: its mean fine texture
    /// (distance of lightness from the 3x3 mean) at most this.
    public var zoneGrain: Float = 3
    /// A ring of the dish whose median is pale and neutral is a clean zone when at least this share
    /// of its pixels are within `evenRim` of that median, all the way around (above 1: never).
    public var ringEvenShare = 0.7
    /// A zone reaches at least this far out (its 90th percentile of radius, 1 = the outline).
    public var wellReach = 0.65
    /// Residue is measured inside the fitted ellipse scaled by this, leaving out the rim.
    public var innerScale = 0.88
    /// Rings of the rim band from this radius out (1 = the outline) in which residue shows in at
    /// least `decorationAround` of the directions from the centre are printed decoration.
    public var decorationFrom = 0.5
    public var decorationAround = 0.6
    /// …provided the well inside those rings is covered by at most this share.
    public var decorationWellClean = 0.08
    /// Covered areas thinner than 2r+1 analysis pixels are ignored (crumbs, cutlery, smears).
    public var openingRadius = 2
    /// A pixel darker than the dish surface's own shading (its 10th lightness percentile) by more than this
    /// may cover it…
    public var darkerThanDish: Float = 15
    /// …when it is also below this share of the surface's median lightness (too dark for a shadow)…
    public var deepShadow: Float = 0.55
    /// …or its chromaticity (opponent colours over lightness) differs from the surface's by more than this.
    public var chromaticityShift: Float = 0.2
    /// A pixel not lighter than the surface's median whose chromaticity differs by more than this covers it.
    public var colourShift: Float = 0.5
    /// A residue blob counts in full when its contrast with the dish (|dL| + 100 x chromaticity distance)
    /// reaches this, in proportion below it (0 counts every blob in full).
    public var strongContrast: Float = 150
    /// A pixel brighter than the surface by more than this covers it only when also colourful (else glare).
    public var brighterThanDish: Float = 25
    public var glareChroma: Float = 30
    /// A dish whose surface is darker than this share of the scene's white is dark: on it, pixels
    /// lighter by more than `paleOnDark` and darker than `glareLightness` of the white are food.
    public var darkDish: Float = 0.4
    public var paleOnDark: Float = 60
    public var glareLightness: Float = 0.93

    // MARK: Food outside the dishes, in pale tableware
    /// Pale tableware is at least this share of the scene's white lightness…
    public var paleLightness: Float = 0.62
    /// …and within this chroma of the scene's white (its colour cast removed).
    public var paleChroma: Float = 22
    /// Inside pale tableware, pixels this colourful (against the scene's white) are food…
    public var foodChroma: Float = 34
    /// …and so are pixels darker than this share of the scene's white.
    public var foodDarkness: Float = 0.45

    /// Food outside the dishes is textured: its mean fine texture over about 5x5 pixels is at least this.
    public var foodGrain: Float = 2.5
    /// Pale tableware touches the frame along at most this share of its length (a bowl cut by the
    /// frame); a pale table or cloth runs along more of it.
    public var maxTablewareFrameContact = 0.12
    /// Tableware encloses what lies within this share of the picture's shorter side of it, on at
    /// least three sides.
    public var enclosureReach = 0.25

    // MARK: Decision
    /// Send photos with no dish found to a person instead of rejecting them.
    public var reviewWhenNoPlate = true
    /// Approve only when the dishes found cover at least this share of the picture (else a dish
    /// holding food may have been missed).
    public var minDishShareToApprove = 0.14
    /// Do not approve when pale tableware that no found dish explains covers more than this share
    /// of the picture: it was never looked into.
    public var maxUnexaminedTableware = 0.04
    /// Do not approve when food enclosed by tableware outside the dishes (see `FoodElsewhere`) covers
    /// more than this share of the picture.
    public var foodElsewhereToBlock = 0.005
    /// Reject when enclosed food outside the dishes covers at least this share of the picture,
    /// whether or not a dish was found.
    public var foodElsewhereToReject = 0.06
    /// …or when textured food, enclosed or not, covers at least this share of it.
    public var looseFoodToReject = 0.2
    /// A camera photo has colour somewhere: when fewer than this share of pixels are coloured (an
    /// opponent channel beyond `colourfulChroma`), the picture is black and white and is not approved.
    public var minColourfulShare = 0.01
    public var colourfulChroma: Float = 8
    /// Approve when the covered share of the worst dish is at most this.
    public var approveAtMost = 0.08
    /// Reject when it is at least this; between the two, a person decides.
    public var rejectAtLeast = 0.16
    /// Reject, too, when a dish found only by its outline is covered at least this much.
    public var missedDishRejectAtLeast = 0.2

    // MARK: Enrolled plate models (see ``PlateProfile``)
    /// A dish is an enrolled model when at least this share of its rim looks as the model's does.
    public var profileMatch = 0.75
    /// …and its size in the frame is from this factor of the smallest size the model was
    /// enrolled at to `profileLargerBy` times the largest.
    public var profileSmallerBy = 0.6
    public var profileLargerBy = 1.6
    /// Against a model's template, a pixel is covered when darker by more than this (relative
    /// lightness, after shading) or further than `profileColour` on the opponent axes (after the
    /// light's cast), each widened by `profileSpreadFactor` times the spread seen at enrolment.
    public var profileLightness: Float = 0.2
    public var profileColour: Float = 16
    public var profileSpreadFactor: Float = 3
    /// …and by this share of the template's own colour (|a| + |b|): saturation varies by camera.
    public var profileSaturation: Float = 0.3
    /// A coloured rim matches a model's only when their hues are this close (cosine on the
    /// opponent plane; 0.94 is about 20 degrees).
    public var profileHueCosine: Float = 0.94
    /// Enrolment photos this close (perceptual hash bits) are the same shot.
    public var enrolmentDuplicateDistance = 4
    /// An enrolment photo whose cells differ from every other photo's in more than this share
    /// is not of the same clean plate.
    public var enrolmentDiffers = 0.1

    // MARK: Quality gates
    /// Photos whose shorter stored side is below this are too small to judge.
    public var minSourceSide = 160
    /// Mean lightness below this is too dark.
    public var darkMean: Float = 35
    /// More than this share of near-white pixels, a white backdrop joined to the frame left out, is
    /// overexposed.
    public var overexposedShare = 0.45
    /// Lightness standard deviation below this is too flat to judge.
    public var minContrast: Float = 8
    /// Laplacian variance of the analysis image below this is blurred.
    public var minSharpness = 6.0

    public init() {}
}
