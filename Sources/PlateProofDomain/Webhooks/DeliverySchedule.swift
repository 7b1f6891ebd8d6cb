/// Where a webhook delivery stands.
public enum DeliveryState: String, Hashable, Sendable, CaseIterable, Codable {
    /// Waiting for its first or next attempt.
    case pending
    /// The endpoint answered 2xx.
    case delivered
    /// Given up: the endpoint did not accept it within the schedule's window.
    case failed
}

/// When a delivery the endpoint did not accept is tried again, and when it, and then its endpoint,
/// are given up: exponential backoff with jitter, from about 2 s to at most an hour between
/// attempts, for up to 3 days; an endpoint failing without a success for 5 days is disabled.
///
/// Pure: the random draw is an argument, so a whole schedule can be walked without waiting.
public struct DeliverySchedule: Hashable, Sendable {
    public var firstRetrySeconds: Int64
    public var maximumIntervalSeconds: Int64
    /// A delivery still refused this long after it was queued (or resent) is failed.
    public var giveUpAfterSeconds: Int64
    /// An endpoint that has failed every attempt for this long is disabled.
    public var disableEndpointAfterSeconds: Int64
    /// The share of each interval drawn at random either way, so that retries of many deliveries
    /// to an endpoint that was down do not all arrive at once.
    public var jitter: Double

    public init(
        firstRetrySeconds: Int64 = 2,
        maximumIntervalSeconds: Int64 = 3600,
        giveUpAfterSeconds: Int64 = 3 * 86400,
        disableEndpointAfterSeconds: Int64 = 5 * 86400,
        jitter: Double = 0.2
    ) {
        self.firstRetrySeconds = firstRetrySeconds
        self.maximumIntervalSeconds = maximumIntervalSeconds
        self.giveUpAfterSeconds = giveUpAfterSeconds
        self.disableEndpointAfterSeconds = disableEndpointAfterSeconds
        self.jitter = jitter
    }

    /// The wait after the `failures`-th failed attempt in a row (1 is the first), `draw` uniform in 0..<1.
    public func interval(afterFailures failures: Int, draw: Double) -> Int64 {
        let doublings = min(max(failures - 1, 0), 40)
        let base = min(Double(firstRetrySeconds) * Double(sign: .plus, exponent: doublings, significand: 1), Double(maximumIntervalSeconds))
        let spread = base * jitter * (2 * min(max(draw, 0), 1) - 1)
        return max(1, Int64((base + spread).rounded()))
    }

    /// What follows an attempt: `attempts` counts it, `queuedAt` starts the delivery's window,
    /// `endpointFailingSince` is when the endpoint's current run of failures began (nil: its last
    /// attempt succeeded).
    public func step(
        after outcome: DeliveryOutcome,
        attempts: Int,
        queuedAt: Timestamp,
        endpointFailingSince: Timestamp?,
        draw: Double,
        now: Timestamp
    ) -> DeliveryStep {
        guard outcome == .failed else {
            return DeliveryStep(state: .delivered, nextAttemptAt: nil, endpointFailingSince: nil, disablesEndpoint: false)
        }
        let failingSince = endpointFailingSince ?? now
        let disables = now.secondsSince1970 - failingSince.secondsSince1970 >= disableEndpointAfterSeconds
        let next = now.adding(seconds: interval(afterFailures: attempts, draw: draw))
        let givenUp = disables || next.secondsSince1970 - queuedAt.secondsSince1970 > giveUpAfterSeconds
        return DeliveryStep(
            state: givenUp ? .failed : .pending,
            nextAttemptAt: givenUp ? nil : next,
            endpointFailingSince: failingSince,
            disablesEndpoint: disables
        )
    }
}

/// How one attempt went: any 2xx answer is a success; anything else, a timeout or a refused
/// connection is a failure.
public enum DeliveryOutcome: String, Hashable, Sendable {
    case succeeded
    case failed
}

/// A delivery's state after an attempt, and its endpoint's.
public struct DeliveryStep: Hashable, Sendable {
    public var state: DeliveryState
    public var nextAttemptAt: Timestamp?
    public var endpointFailingSince: Timestamp?
    public var disablesEndpoint: Bool

    public init(state: DeliveryState, nextAttemptAt: Timestamp?, endpointFailingSince: Timestamp?, disablesEndpoint: Bool) {
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.endpointFailingSince = endpointFailingSince
        self.disablesEndpoint = disablesEndpoint
    }
}
