import Dispatch
import Foundation
import PlateProofTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("plateproof serve, end to end over HTTP")
struct ServeEndToEndTests {
    func photo(_ name: String) throws -> Data {
        try Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/\(name)"))
    }

    @Test("keys made while serving; uploads over HTTP; decisions on the events feed; balances")
    func endToEnd() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try ServeProcess.start(data: data)
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }

        let created = try await CLIRunner.run(["keys", "create", "--role", "uploader", "--name", "backend", "--data", data, "--json"])
        #expect(created.status == 0, "\(created.standardError)")
        let keyObject = try #require(try CLIRunner.jsonObjects(created).first)
        #expect(keyObject["name"] as? String == "backend")
        #expect(keyObject["role"] as? String == "uploader")
        let key = try #require(keyObject["key"] as? String)

        let uploads = [
            ("alice", "synthetic-clean.jpg", "a-1"), ("bob", "synthetic-food.jpg", "b-1"), ("carol", "synthetic-no-plate.jpg", "c-1"),
        ]
        for (account, file, idempotencyKey) in uploads {
            let (status, claim) = try await server.request(
                "v1/claims?account=\(account)&activity=clean-plate",
                method: "POST",
                key: key,
                body: try photo(file),
                headers: ["Content-Type": "image/jpeg", "Idempotency-Key": idempotencyKey]
            )
            #expect(status == 202)
            #expect(claim["status"] as? String == "queued")
        }
        // The same key again is the same claim, not a second one.
        let (repeatStatus, repeated) = try await server.request(
            "v1/claims?account=alice",
            method: "POST",
            key: key,
            body: try photo("synthetic-clean.jpg"),
            headers: ["Content-Type": "image/jpeg", "Idempotency-Key": "a-1"]
        )
        #expect(repeatStatus == 202)
        #expect(repeated["claim_id"] as? Int == 1)

        // Poll the events feed as an upload backend would, until all three are decided (the verifier approves, rejects, and sends the photo without a plate to review).
        var cursor = 0
        var statuses: [String: String] = [:]
        let deadline = Date().addingTimeInterval(60)
        while statuses.count < 3 && Date() < deadline {
            let (status, page) = try await server.request("v1/events?after=\(cursor)", key: key)
            #expect(status == 200)
            for event in page["events"] as? [[String: Any]] ?? [] {
                statuses[event["account"] as? String ?? ""] = event["status"] as? String
            }
            cursor = page["next_after"] as? Int ?? cursor
            if statuses.count < 3 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(statuses == ["alice": "approved", "bob": "rejected", "carol": "review"])  // no plate found: a person looks

        for (account, balance) in [("alice", 200), ("bob", 0), ("carol", 0)] {
            let (status, body) = try await server.request("v1/accounts/\(account)", key: key)
            #expect(status == 200)
            #expect(body["balance"] as? Int == balance, "\(account)")
        }

        kill(server.process.processIdentifier, SIGTERM)
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
    }

    @Test("a body or head the parser cannot read is the client's error: 400 with a JSON code, never a 500 or a bare 400")
    func malformedChunkedBody() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-chunked-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let key = try #require(
            try await CLIRunner.run(["keys", "create", "--role", "uploader", "--name", "up", "--data", data]).lines.first
        )
        let server = try ServeProcess.start(data: data)
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let port = try #require(server.base.port)
        for body in ["zz\r\nabc\r\n0\r\n\r\n", "2\r\nabcdef\r\n0\r\n\r\n"] {
            let request =
                "POST /v1/claims?account=a HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(key)\r\n"
                + "Content-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n\(body)"
            let answer = try await offCooperativePool { try RawHTTP.exchange(request, port: port) }
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(answer.contains("\"code\":\"malformed_request\""), "\(answer)")
        }
        // A head the parser refuses (a control character in a header) gets the same JSON answer.
        let badHeader = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Type: a\u{01}b\r\n\r\n"
        let answer = try await offCooperativePool { try RawHTTP.exchange(badHeader, port: port) }
        #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
        #expect(answer.contains("\"code\":\"malformed_request\"") && answer.contains("application/json"), "\(answer)")
        // And the server still answers.
        let health = try await offCooperativePool { try RawHTTP.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", port: port) }
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
    }
}

extension ServeEndToEndTests {
    @Test("a connection that trickles its request head is closed at the header deadline; whole requests still pass")
    func tricklingHeader() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-trickle-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try ServeProcess.start(data: data, arguments: ["--header-timeout", "1"])
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let port = try #require(server.base.port)
        // Half a request head, then nothing: the server must hang up (recv reads 0), not wait the 15 s out.
        let closed = try await offCooperativePool { try RawHTTP.closesAfter("GET /healthz HTTP/1.1\r\nHo", port: port, waiting: 15) }
        #expect(closed, "the server kept a half-sent request open")
        let whole = try await offCooperativePool { try RawHTTP.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", port: port) }
        #expect(whole.hasPrefix("HTTP/1.1 200"), "\(whole)")
    }
}

extension ServeEndToEndTests {
    @Test(
        "ten 29 MB uploads at once: each is stored or answered 503 busy, the server keeps serving (memory: scripts/bench-upload-memory.sh)"
    )
    func concurrentLargeUploads() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-large-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let key = try #require(
            try await CLIRunner.run(["keys", "create", "--role", "uploader", "--name", "up", "--data", data]).lines.first
        )
        let server = try ServeProcess.start(data: data, arguments: ["--workers", "0", "--upload-memory", "64000000"])
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let photo = try Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/synthetic-clean.jpg"))
        let large = photo + Data(repeating: 0x5A, count: 29_000_000 - photo.count)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<10 {
                group.addTask {
                    try await server.request(
                        "v1/claims?account=client\(index)",
                        method: "POST",
                        key: key,
                        body: large + Data("\(index)".utf8),
                        headers: ["Content-Type": "image/jpeg"]
                    ).0
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 202 || $0 == 503 }, "\(statuses)")
        #expect(statuses.contains(202), "\(statuses)")
        let (status, health) = try await server.request("healthz", key: key)
        #expect(status == 200 && health["queue_depth"] as? Int == statuses.filter { $0 == 202 }.count, "\(health)")
    }
}

/// One request written to a socket as raw bytes, and what came back (up to 4 KB or 5 s).
enum RawHTTP {
    static func exchange(_ request: String, port: Int) throws -> String {
        let descriptor = try connected(port: port, timeoutSeconds: 5)
        defer { close(descriptor) }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var answer = [UInt8](repeating: 0, count: 4096)
        let count = answer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return String(decoding: answer.prefix(max(0, count)), as: UTF8.self)
    }

    /// Whether the server closes the connection (with nothing to say) within `waiting` seconds of `partial`.
    static func closesAfter(_ partial: String, port: Int, waiting: Int) throws -> Bool {
        let descriptor = try connected(port: port, timeoutSeconds: waiting)
        defer { close(descriptor) }
        let bytes = Array(partial.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var answer = [UInt8](repeating: 0, count: 4096)
        return answer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) } == 0
    }

    private static func connected(port: Int, timeoutSeconds: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(message: "no socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw SocketError(message: "cannot connect to port \(port)")
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    struct SocketError: Error { var message: String }
}
