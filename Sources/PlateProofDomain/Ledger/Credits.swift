/// An amount of carbon credits, in whole units: never floating point.
public struct Credits: RawRepresentable, Hashable, Comparable, Sendable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ value: Int64) { rawValue = value }
    public init(integerLiteral value: Int64) { rawValue = value }

    public static let zero = Credits(0)

    public static func < (lhs: Credits, rhs: Credits) -> Bool { lhs.rawValue < rhs.rawValue }
    public static func + (lhs: Credits, rhs: Credits) -> Credits { Credits(lhs.rawValue + rhs.rawValue) }
    public static prefix func - (value: Credits) -> Credits { Credits(-value.rawValue) }

    public var description: String { String(rawValue) }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int64.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
