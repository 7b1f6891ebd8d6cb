import Dispatch
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running `plateproof serve` on a free loopback port, for tests that talk HTTP to it.
struct ServeProcess {
    let process: Process
    let base: URL

    /// Enough connections that a health check is not queued behind uploads (URLSession allows 6 a host by default).
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 32
        configuration.timeoutIntervalForRequest = 120
        return URLSession(configuration: configuration)
    }()

    static func start(data: String, arguments: [String] = []) throws -> ServeProcess {
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["serve", "--port", "0", "--workers", "2", "--data", data, "--log-level", "warning"] + arguments
        process.standardOutput = FileHandle.nullDevice
        let log = Pipe()
        process.standardError = log
        try process.run()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 600) { kill(pid, SIGKILL) }  // never hang CI
        var seen = ""
        while !seen.contains("\n") || !seen.contains("listening on") {
            let chunk = log.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        // Drained on a thread of its own: Dispatch's pool may be held up by other suites, and a full
        // pipe would stall the server.
        Thread { while !log.fileHandleForReading.availableData.isEmpty {} }.start()
        let address = try #require(
            seen.split(separator: "\n").first { $0.contains("listening on") }?.split(separator: " ").first { $0.hasPrefix("http://") },
            "serve did not report its address: \(seen)"
        )
        return ServeProcess(process: process, base: try #require(URL(string: String(address))))
    }

    func request(
        _ path: String,
        method: String = "GET",
        key: String,
        body: Data? = nil,
        headers: [String: String] = [:]
    ) async throws
        -> (Int, [String: Any])
    {
        var request = URLRequest(url: base.appendingPathComponent(path.components(separatedBy: "?")[0]))
        if let query = path.components(separatedBy: "?").dropFirst().first {
            request.url = URL(string: request.url!.absoluteString + "?" + query)
        }
        request.httpMethod = method
        request.httpBody = body
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }
}
