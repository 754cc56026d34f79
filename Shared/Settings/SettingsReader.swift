public import Configuration

/// Reads typed settings and fails with a message naming the key and its environment
/// variable when a value is present but malformed — a typo must stop the boot, not be
/// silently replaced by the default.
public struct SettingsReader: Sendable {
  public let config: ConfigReader

  public init(_ config: ConfigReader) {
    self.config = config
  }

  /// `abonent.grpc.port` → `ABONENT_GRPC_PORT`, as swift-configuration's environment provider maps it.
  public static func environmentName(of key: String) -> String {
    var out = ""
    var previous: Character?
    for char in key {
      if char == "." {
        out.append("_")
      } else {
        if let previous, previous.isLowercase, char.isUppercase { out.append("_") }
        out.append(contentsOf: char.uppercased())
      }
      previous = char
    }
    return out
  }

  func fail(_ key: String, _ problem: String) -> ConfigurationError {
    ConfigurationError(message: "\(key) (\(Self.environmentName(of: key))): \(problem)")
  }

  public func string(_ key: String, default value: String, isSecret: Bool = false) -> String {
    self.config.string(forKey: ConfigKey(key), isSecret: isSecret, default: value)
  }

  public func optionalString(_ key: String, isSecret: Bool = false) -> String? {
    self.config.string(forKey: ConfigKey(key), isSecret: isSecret).flatMap { $0.isEmpty ? nil : $0 }
  }

  public func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
    guard let text = self.optionalString(key) else { return value }
    guard let parsed = Int(text) else { throw self.fail(key, "'\(text)' is not a whole number") }
    guard range.contains(parsed) else {
      throw self.fail(key, "\(parsed) is outside \(range.lowerBound)…\(range.upperBound)")
    }
    return parsed
  }

  public func bool(_ key: String, default value: Bool) throws(ConfigurationError) -> Bool {
    guard let text = self.optionalString(key) else { return value }
    switch text.lowercased() {
    case "true", "1", "yes": return true
    case "false", "0", "no": return false
    default: throw self.fail(key, "'\(text)' is not true or false")
    }
  }

  /// A duration written as `250ms`, `30s`, `5m` or `2h`.
  public func duration(_ key: String, default value: Duration) throws(ConfigurationError) -> Duration {
    guard let text = self.optionalString(key) else { return value }
    let units: [(String, Duration)] = [
      ("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600)),
    ]
    for (suffix, unit) in units where text.hasSuffix(suffix) {
      if let count = Int(text.dropLast(suffix.count)), count >= 0 { return unit * count }
    }
    throw self.fail(key, "'\(text)' is not a duration like 250ms, 30s, 5m or 2h")
  }

  public func oneOf<T>(_ key: String, default value: T, _ choices: [String: T]) throws(ConfigurationError) -> T {
    guard let text = self.optionalString(key) else { return value }
    guard let choice = choices[text.lowercased()] else {
      throw self.fail(key, "'\(text)' is not one of \(choices.keys.sorted().joined(separator: ", "))")
    }
    return choice
  }
}

/// A setting that stops the service from starting.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
  public var message: String

  public init(message: String) {
    self.message = message
  }

  public var description: String { "configuration error: \(self.message)" }
}
