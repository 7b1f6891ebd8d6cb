import ArgumentParser
import PlateProofDomain

/// `--site ID`: the site a command acts in; without it, the default site.
struct SiteOption: ParsableArguments {
    @Option(help: "The site (a campus, company or community); without it, the default site.")
    var site: String?

    func validate() throws { _ = try id() }

    func id() throws -> SiteID { try site.map { try identifier($0) } ?? .default }
}
