import Foundation
import PlateProofDomain
import Testing

@Suite("Identifiers")
struct IdentifierTests {
    @Test(
        "printable identifiers up to 128 characters are accepted",
        arguments: ["u1", "user-42@campus", String(repeating: "x", count: 128)]
    )
    func valid(raw: String) throws {
        #expect(try AccountID(validating: raw).rawValue == raw)
    }

    @Test(
        "empty, long, spaced and control-character identifiers are refused",
        arguments: ["", " ", "a b", "tab\there", "new\nline", String(repeating: "x", count: 129), "ünïcode"]
    )
    func invalid(raw: String) {
        #expect(throws: IdentifierError.self) { try AccountID(validating: raw) }
        #expect(AccountID(rawValue: raw) == nil)
    }

    @Test("JSON round trip, and invalid JSON values are decoding errors")
    func codable() throws {
        let id = try AccountID(validating: "alice")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"alice\"]")
        #expect(try JSONDecoder().decode([AccountID].self, from: data) == [id])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([AccountID].self, from: Data("[\"a b\"]".utf8)) }
    }
}
