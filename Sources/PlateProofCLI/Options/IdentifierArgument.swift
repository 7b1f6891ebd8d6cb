import ArgumentParser
import PlateProofDomain

/// Parses an identifier given on the command line, turning a malformed one into a usage error.
func identifier<Kind>(_ raw: String) throws -> Identifier<Kind> {
    do { return try Identifier<Kind>(validating: raw) } catch { throw ValidationError(error.description) }
}
