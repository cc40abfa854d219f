/// The last `capacity` lateness samples, each with the server-clock time it was taken; the oldest go first.
/// Pure; grows as samples come, up to `capacity`, then overwrites in place.
struct LatenessRing {
    /// One sample: when it was taken (server clock, ms) and how late the timer fired (ms).
    struct Sample: Equatable {
        var atMs: Double
        var lateMs: Double
    }

    let capacity: Int
    private var samples: [Sample] = []
    /// Where the next sample goes once the ring is full.
    private var next = 0

    init(capacity: Int) { self.capacity = Swift.max(1, capacity) }

    /// Samples held.
    var count: Int { samples.count }

    /// Keeps a sample, dropping the oldest when full.
    mutating func append(atMs: Double, lateMs: Double) {
        let sample = Sample(atMs: atMs, lateMs: lateMs)
        if samples.count < capacity {
            samples.append(sample)
        } else {
            samples[next] = sample
            next = (next + 1) % capacity
        }
    }

    /// The lateness of every held sample taken within `fromMs...toMs`, oldest first.
    func lateness(fromMs: Double, toMs: Double) -> [Double] {
        var out: [Double] = []
        for index in 0..<samples.count {
            let sample = samples[(next + index) % samples.count]
            if sample.atMs >= fromMs, sample.atMs <= toMs { out.append(sample.lateMs) }
        }
        return out
    }

    /// The held samples taken within `fromMs...toMs` that were at least `minLateMs` late, oldest first.
    func stalls(fromMs: Double, toMs: Double, minLateMs: Double) -> [Sample] {
        var out: [Sample] = []
        for index in 0..<samples.count {
            let sample = samples[(next + index) % samples.count]
            if sample.atMs >= fromMs, sample.atMs <= toMs, sample.lateMs >= minLateMs { out.append(sample) }
        }
        return out
    }
}
