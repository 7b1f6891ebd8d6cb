import PlateProofDomain
import Testing

@Suite("Webhook delivery schedule")
struct DeliveryScheduleTests {
    let schedule = DeliverySchedule()
    let start = Timestamp(secondsSince1970: 1_800_000_000)

    @Test("retries start about 2 s after a failure and double up to an hour, jittered either way by a fifth")
    func backoff() {
        #expect((1...5).map { schedule.interval(afterFailures: $0, draw: 0.5) } == [2, 4, 8, 16, 32])
        #expect(schedule.interval(afterFailures: 12, draw: 0.5) == 3600 && schedule.interval(afterFailures: 500, draw: 0.5) == 3600)
        #expect(schedule.interval(afterFailures: 8, draw: 0) == 205 && schedule.interval(afterFailures: 8, draw: 0.999_999) == 307)
        #expect(schedule.interval(afterFailures: 1, draw: 0) >= 1)
    }

    @Test("a success delivers and clears the endpoint's run of failures")
    func success() {
        let step = schedule.step(
            after: .succeeded,
            attempts: 3,
            queuedAt: start,
            endpointFailingSince: start,
            draw: 0.5,
            now: start.adding(seconds: 20)
        )
        #expect(step == DeliveryStep(state: .delivered, nextAttemptAt: nil, endpointFailingSince: nil, disablesEndpoint: false))
    }

    @Test("a delivery refused for 3 days is failed after about 80 attempts; an endpoint failing for 5 days is disabled")
    func walkOfThreeDays() {
        var now = start
        var attempts = 0
        var failingSince: Timestamp?
        var step: DeliveryStep
        repeat {
            attempts += 1
            step = schedule.step(
                after: .failed,
                attempts: attempts,
                queuedAt: start,
                endpointFailingSince: failingSince,
                draw: 0.5,
                now: now
            )
            failingSince = step.endpointFailingSince
            if let next = step.nextAttemptAt { now = next }
        } while step.state == .pending
        #expect(step.state == .failed && !step.disablesEndpoint && failingSince == start)
        #expect(
            now.secondsSince1970 - start.secondsSince1970 <= 3 * 86400 && now.secondsSince1970 - start.secondsSince1970 > 3 * 86400 - 3600
        )
        #expect((75...85).contains(attempts))

        // A newer delivery to the same endpoint, still failing two days later: the endpoint goes.
        let later = start.adding(seconds: 5 * 86400)
        let last = schedule.step(after: .failed, attempts: 1, queuedAt: later, endpointFailingSince: failingSince, draw: 0.5, now: later)
        #expect(last.state == .failed && last.disablesEndpoint)
    }
}
