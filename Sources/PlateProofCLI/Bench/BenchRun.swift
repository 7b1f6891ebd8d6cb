import Dispatch
import Foundation
import Synchronization

/// Wall time and per-photo times of one benchmarked step.
struct BenchRun {
    var wallSeconds: Double
    var milliseconds: [Double]
    var failures: Int

    func percentile(_ fraction: Double) -> Double {
        guard !milliseconds.isEmpty else { return 0 }
        let sorted = milliseconds.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }

    /// Runs `body` on every item `repeat` times, spread over `threads` threads, each taking every n-th job.
    static func measure<Item: Sendable>(
        items: [Item],
        threads: Int,
        repeat: Int,
        _ body: @Sendable (Item) throws -> Void
    ) -> BenchRun {
        let jobs = `repeat` * items.count
        let results = Mutex<(times: [Double], failures: Int)>(([], 0))
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            var times: [Double] = []
            var failures = 0
            for job in stride(from: worker, to: jobs, by: threads) {
                let item = items[job % items.count]
                let began = ContinuousClock.now
                do {
                    try body(item)
                    times.append(milliseconds(ContinuousClock.now - began))
                } catch {
                    failures += 1
                }
            }
            results.withLock {
                $0.times += times
                $0.failures += failures
            }
        }
        let wall = milliseconds(ContinuousClock.now - start) / 1000
        return results.withLock { BenchRun(wallSeconds: wall, milliseconds: $0.times, failures: $0.failures) }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}
