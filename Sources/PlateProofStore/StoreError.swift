/// Why a store operation failed, with a stable `code` for machines and a `message` for people.
/// Database errors never cross this module's boundary; their text stays in `underlying`.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No such claim, job or account.
        public static let notFound = Code(rawValue: "not_found")
        /// The request contradicts what is stored (an idempotency key reused for another photo,
        /// a lease that another worker holds, a claim already decided).
        public static let conflict = Code(rawValue: "conflict")
        /// The site was deactivated: it takes no uploads (its history stays readable).
        public static let siteInactive = Code(rawValue: "site_inactive")
        /// The database is busy or cannot be reached; the operation may be retried.
        public static let unavailable = Code(rawValue: "unavailable")
        /// The database file cannot be opened or migrated.
        public static let storage = Code(rawValue: "storage")
    }

    public let code: Code
    public let message: String
    /// The database's own error, for logs.
    public let underlying: String?

    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "\(code): \(message)" }
}
