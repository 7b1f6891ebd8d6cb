extension VerifierConfiguration {
    /// Every tunable threshold by name, so operators and experiments can change one without a rebuild.
    static var tunables: [String: WritableKeyPath<VerifierConfiguration, Double>] {
        [
            "min_dish_area": \.minDishArea,
            "min_surface_share": \.minSurfaceShare,
            "min_ellipse_fit": \.minEllipseFit,
            "max_border_contact": \.maxBorderContact,
            "inner_scale": \.innerScale,
            "approve_at_most": \.approveAtMost,
            "reject_at_least": \.rejectAtLeast,
            "missed_dish_reject_at_least": \.missedDishRejectAtLeast,
            "overexposed_share": \.overexposedShare,
            "min_sharpness": \.minSharpness,
            "min_circle_radius": \.minCircleRadius,
            "max_circle_radius": \.maxCircleRadius,
            "min_circle_support": \.minCircleSupport,
            "min_dish_share_to_approve": \.minDishShareToApprove,
            "min_colourful_share": \.minColourfulShare,
            "cutlery_min_length": \.cutleryMinLength,
            "food_elsewhere_to_block": \.foodElsewhereToBlock,
            "food_elsewhere_to_reject": \.foodElsewhereToReject,
            "loose_food_to_reject": \.looseFoodToReject,
            "max_unexamined_tableware": \.maxUnexaminedTableware,
            "enclosure_reach": \.enclosureReach,
            "max_tableware_frame_contact": \.maxTablewareFrameContact,
            "min_zone_share": \.minZoneShare,
            "min_support_share": \.minSupportShare,
            "min_even_rim": \.minEvenRim,
            "container_share": \.containerShare,
            "max_box_fill": \.maxBoxFill,
            "well_reach": \.wellReach,
            "decoration_from": \.decorationFrom,
            "decoration_around": \.decorationAround,
            "decoration_well_clean": \.decorationWellClean,
            "cutlery_elongation": \.cutleryElongation,
            "coloured_cutlery_min_length": \.colouredCutleryMinLength,
            "cutlery_clutter": \.cutleryClutter,
            "ring_even_share": \.ringEvenShare,
            "profile_match": \.profileMatch,
            "profile_smaller_by": \.profileSmallerBy,
            "profile_larger_by": \.profileLargerBy,
            "enrolment_differs": \.enrolmentDiffers,
        ]
    }
    static var floatTunables: [String: WritableKeyPath<VerifierConfiguration, Float>] {
        [
            "merge_distance": \.mergeDistance,
            "colourful_chroma": \.colourfulChroma,
            "edge_gradient": \.edgeGradient,
            "tableware_chroma": \.tablewareChroma,
            "profile_lightness": \.profileLightness,
            "profile_colour": \.profileColour,
            "profile_spread_factor": \.profileSpreadFactor,
            "profile_saturation": \.profileSaturation,
            "profile_hue_cosine": \.profileHueCosine,
            "darker_than_dish": \.darkerThanDish,
            "colour_shift": \.colourShift,
            "brighter_than_dish": \.brighterThanDish,
            "glare_chroma": \.glareChroma,
            "dark_mean": \.darkMean,
            "min_contrast": \.minContrast,
            "pale_lightness": \.paleLightness,
            "strong_contrast": \.strongContrast,
            "circle_edge_strength": \.circleEdgeStrength,
            "dish_contrast": \.dishContrast,
            "deep_shadow": \.deepShadow,
            "chromaticity_shift": \.chromaticityShift,
            "pale_chroma": \.paleChroma,
            "food_chroma": \.foodChroma,
            "food_darkness": \.foodDarkness,
            "cutlery_contrast": \.cutleryContrast,
            "food_grain": \.foodGrain,
            "even_rim": \.evenRim,
            "dark_dish": \.darkDish,
            "pale_on_dark": \.paleOnDark,
            "glare_lightness": \.glareLightness,
            "support_colour_distance": \.supportColourDistance,
            "zone_grain": \.zoneGrain,
            "cutlery_colour_contrast": \.cutleryColourContrast,
            "cutlery_neutral_chroma": \.cutleryNeutralChroma,
        ]
    }
    static var integerTunables: [String: WritableKeyPath<VerifierConfiguration, Int>] {
        [
            "max_candidate_regions": \.maxCandidateRegions,
            "opening_radius": \.openingRadius,
            "circle_candidates": \.circleCandidates,
            "min_source_side": \.minSourceSide,
            "enrolment_duplicate_distance": \.enrolmentDuplicateDistance,
            "cutlery_radius": \.cutleryRadius,
        ]
    }

    /// The thresholds ``Verifier/judge(_:)`` applies to a measurement; changing only these needs
    /// no new measurement.
    public static let judgementTunables: Set<String> = [
        "approve_at_most", "reject_at_least", "missed_dish_reject_at_least", "food_elsewhere_to_block",
        "food_elsewhere_to_reject", "loose_food_to_reject", "min_dish_share_to_approve", "min_colourful_share", "max_unexamined_tableware",
    ]

    /// Names accepted by ``setting(_:to:)``.
    public static var tunableNames: [String] {
        (Array(tunables.keys) + Array(floatTunables.keys) + Array(integerTunables.keys)).sorted()
    }

    /// This configuration with one threshold changed; the heuristic version gains a "+name=value" suffix
    /// so verdicts made with it are never mistaken for the stock rules. Nil for an unknown name.
    public func setting(_ name: String, to value: Double) -> VerifierConfiguration? {
        var copy = self
        if let path = Self.tunables[name] {
            copy[keyPath: path] = value
        } else if let path = Self.floatTunables[name] {
            copy[keyPath: path] = Float(value)
        } else if let path = Self.integerTunables[name] {
            copy[keyPath: path] = Int(value)
        } else {
            return nil
        }
        copy.heuristicVersion += "+\(name)=\(value)"
        return copy
    }
}
