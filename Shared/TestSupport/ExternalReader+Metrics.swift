extension ExternalReader {
  /// A server's /metrics as curl reads it from its admin port on 127.0.0.1.
  public static func metrics(adminPort: Int) async throws -> String {
    try await self.run("curl", ["-s", "http://127.0.0.1:\(adminPort)/metrics"])
  }

  /// The value of the unlabelled sample `name` in Prometheus text, or nil when it is not there.
  public static func sample(_ name: String, in text: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
      return Double(line.dropFirst(name.count + 1))
    }
    return nil
  }
}
