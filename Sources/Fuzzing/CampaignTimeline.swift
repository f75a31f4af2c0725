/// A campaign's counts over its run, for the report's cases/s plot: about one sample a second,
/// and past `capacity` samples every other one goes and the interval doubles, so a night-long
/// campaign keeps an even picture in bounded space.
public struct CampaignTimeline: Sendable, Codable, Equatable {
    public struct Sample: Sendable, Codable, Equatable {
        public var seconds: Double
        public var cases: Int
        public var compared: Int
        public var diverged: Int
    }

    public private(set) var samples: [Sample] = []
    /// Seconds between the samples kept.
    public private(set) var interval: Double = 1
    static let capacity = 600

    public init() {}

    /// Takes a sample at `seconds` if the last one kept is at least an interval before it, or if
    /// it is the campaign's last.
    mutating func sample(at seconds: Double, _ statistics: CampaignStatistics, last isLast: Bool = false) {
        if !isLast, let last = samples.last, seconds - last.seconds < interval * 0.95 { return }
        samples.append(Sample(seconds: seconds, cases: statistics.cases, compared: statistics.compared, diverged: statistics.diverged))
        if samples.count > Self.capacity {
            samples = samples.enumerated().filter { $0.offset % 2 == 1 || $0.offset == samples.count - 1 }.map(\.element)
            interval *= 2
        }
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
