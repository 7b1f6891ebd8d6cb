import Foundation
import Testing

@Suite("plateproof bench and measurement commands")
struct BenchCommandTests {
    /// The photos in TestImages/plates, which every command here measures.
    let photos =
        (try? FileManager.default.contentsOfDirectory(atPath: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates").path))?
        .filter { $0.hasSuffix(".jpg") }.count ?? 0

    @Test("bench --json prints the documented fields")
    func benchJSON() async throws {
        let outcome = try await CLIRunner.run(["bench", "TestImages/plates", "--repeat", "1", "--threads", "2", "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try #require(try CLIRunner.jsonObjects(outcome).first)
        #expect(photos >= 6)
        #expect(report["photos"] as? Int == photos)
        #expect(report["threads"] as? Int == 2)
        for key in [
            "photos_per_second", "mb_per_second", "ms_per_photo_p50", "ms_per_photo_p90", "peak_rss_mb", "decode_ms_per_photo_p50",
            "shrink_ms_per_photo_p50", "analysis_ms_per_photo_p50", "evidence_ms_per_photo_p50", "evidence_encodes_per_photo",
        ] {
            let value = try #require(report[key] as? Double, "\(key)")
            #expect(value > 0, "\(key)")
        }
        #expect(try await CLIRunner.run(["bench", "TestImages/plates", "--threads", "0"]).status == 2)
    }

    @Test("evidence-quality and hash-report measure a folder")
    func measurements() async throws {
        let quality = try await CLIRunner.run(["evidence-quality", "TestImages/plates", "--json"])
        #expect(quality.status == 0, "\(quality.standardError)")
        let ours = try #require(try CLIRunner.jsonObjects(quality).first?["ours"] as? [String: Any])
        #expect(ours["photos"] as? Int == photos)
        #expect((ours["psnr_median_db"] as? Double ?? 0) > 30)
        let hashes = try await CLIRunner.run(["hash-report", "TestImages/plates", "--json"])
        #expect(hashes.status == 0, "\(hashes.standardError)")
        let report = try #require(try CLIRunner.jsonObjects(hashes).first)
        let copies = try #require(report["copies"] as? [String: [String: Any]])
        #expect((copies["reencoded"]?["max"] as? Int ?? 64) <= 6)
        #expect((report["different"] as? [String: Any])?["pairs"] as? Int == photos * (photos - 1) / 2, "every pair of the fixtures")
    }
}

@Suite("plateproof bench-queue")
struct BenchQueueCommandTests {
    @Test("bench-queue runs jobs through a fresh database and reports rates")
    func runs() async throws {
        let outcome = try await CLIRunner.run(["bench-queue", "--jobs", "50", "--workers", "2", "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try #require(try CLIRunner.jsonObjects(outcome).first)
        #expect(report["jobs"] as? Int == 50)
        for key in ["enqueue_per_second", "processed_per_second", "jobs_per_second"] {
            #expect((report[key] as? Double ?? 0) > 0, "\(key)")
        }
    }
}
