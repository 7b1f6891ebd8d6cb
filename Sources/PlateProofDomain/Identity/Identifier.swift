/// Why a value from outside (a request, a command line) is not a valid identifier.
public struct IdentifierError: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: String
    public let value: String

    public var description: String {
        "\(kind) must be 1 to 128 printable characters without spaces, got \"\(value.prefix(40))\""
    }
}

/// What an identifier names, for messages.
public protocol IdentifierKind: Sendable {
    static var name: String { get }
}

/// An identifier that comes from outside: 1 to 128 printable ASCII characters, no spaces, so
/// requests and scripts cannot smuggle in control characters or unbounded lengths.
public struct Identifier<Kind: IdentifierKind>: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(validating rawValue: String) throws(IdentifierError) {
        let valid = (1...128).contains(rawValue.utf8.count) && rawValue.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        guard valid else { throw IdentifierError(kind: Kind.name, value: rawValue) }
        self.rawValue = rawValue
    }

    public init?(rawValue: String) { try? self.init(validating: rawValue) }

    /// For identifiers written in code, known to be valid.
    init(trusted rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(validating: raw)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public enum AccountKind: IdentifierKind { public static let name = "an account id" }
public enum ActivityKind: IdentifierKind { public static let name = "an activity id" }
public enum HouseholdKind: IdentifierKind { public static let name = "a household id" }
public enum GroupKind: IdentifierKind { public static let name = "a group id" }

/// An account: the upload backend's own user id.
public typealias AccountID = Identifier<AccountKind>
/// A low-carbon activity in the catalogue, such as `clean-plate`.
public typealias ActivityID = Identifier<ActivityKind>
/// A household: its balance is the sum of its members'.
public typealias HouseholdID = Identifier<HouseholdKind>
/// A group for rankings: a dorm, a class, a community.
public typealias GroupID = Identifier<GroupKind>

extension ActivityID {
    /// Finishing a meal and photographing the clean plate.
    public static let cleanPlate = ActivityID(trusted: "clean-plate")
}
