/// Why a value from outside (a request, a command line) is not a valid identifier.
public struct IdentifierError: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: String
    public let value: String

    public var description: String {
        "\(kind) must be 1 to 128 letters, digits and . _ : @ -, got \"\(value.prefix(40))\""
    }
}

/// What an identifier names, for messages.
public protocol IdentifierKind: Sendable {
    static var name: String { get }
}

/// An identifier that comes from outside: 1 to 128 letters, digits and `. _ : @ -`, so requests and
/// scripts cannot smuggle in markup, quotes, paths, control characters or unbounded lengths.
public struct Identifier<Kind: IdentifierKind>: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// An identifier from a request or a command line.
    public init(validating rawValue: String) throws(IdentifierError) {
        let valid = (1...128).contains(rawValue.utf8.count) && rawValue.utf8.allSatisfy(Self.allowed)
        guard valid else { throw IdentifierError(kind: Kind.name, value: rawValue) }
        self.rawValue = rawValue
    }

    /// An identifier read back from storage: those older rules admitted (any printable ASCII but
    /// the space) stay readable; nothing new is made this way from outside.
    public init?(rawValue: String) {
        guard (1...128).contains(rawValue.utf8.count), rawValue.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        self.rawValue = rawValue
    }

    private static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "-"): true
        default: false
        }
    }

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
