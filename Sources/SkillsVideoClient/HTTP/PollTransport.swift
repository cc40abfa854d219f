/// The one HTTP call polling makes: GET a URL and read the whole answer (``PlatformHTTP``, or a fake in tests).
protocol PollTransport: Sendable {
    /// GETs `url` within `timeout` seconds; network problems come back as a ``NetworkFailure``.
    func get(url: String, timeout: Double) async -> Result<HTTPAnswer, NetworkFailure>
}

extension PlatformHTTP: PollTransport {}
