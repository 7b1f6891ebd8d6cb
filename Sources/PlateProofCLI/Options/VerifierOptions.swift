import ArgumentParser
import PlateProofVerifier

/// `--set name=value` overrides of the verifier's thresholds.
struct VerifierOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override a verifier threshold (repeatable).",
            discussion: "Names: \(VerifierConfiguration.tunableNames.joined(separator: ", ")).",
            valueName: "name=value"
        )
    )
    var overrides: [String] = []

    func configuration() throws -> VerifierConfiguration {
        var configuration = VerifierConfiguration()
        for override in overrides {
            let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]),
                let changed = configuration.setting(parts[0], to: value)
            else {
                throw ValidationError(
                    "--set takes name=number with a name among: \(VerifierConfiguration.tunableNames.joined(separator: ", "))"
                )
            }
            configuration = changed
        }
        return configuration
    }
}
