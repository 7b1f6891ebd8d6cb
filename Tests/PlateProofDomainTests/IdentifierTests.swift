import Foundation
import PlateProofDomain
import Testing

@Suite("Identifiers")
struct IdentifierTests {
    @Test(
        "identifiers of letters, digits and . _ : @ - up to 128 characters are accepted",
        arguments: ["u1", "user-42@campus", "dorm.3_b:room@x-1", String(repeating: "x", count: 128)]
    )
    func valid(raw: String) throws {
        #expect(try AccountID(validating: raw).rawValue == raw)
    }

    @Test(
        "empty, long, spaced, control-character identifiers, markup, quotes and paths are refused",
        arguments: [
            "", " ", "a b", "tab\there", "new\nline", String(repeating: "x", count: 129), "ünïcode", "<script>alert(1)</script>",
            "it's", "a\"b", "..%2f", "a/b", "x;y",
        ]
    )
    func invalid(raw: String) {
        #expect(throws: IdentifierError.self) { try AccountID(validating: raw) }
    }

    @Test("stored identifiers older rules admitted stay readable; spaces and control characters never are")
    func stored() {
        #expect(AccountID(rawValue: "<old>")?.rawValue == "<old>")
        for raw in ["", "a b", "new\nline", "ünïcode", String(repeating: "x", count: 129)] { #expect(AccountID(rawValue: raw) == nil) }
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
