import Configuration
import Foundation
import Runtime
import Settings
import Testing

/// Settings are read strictly: a malformed value stops the boot with a message naming the
/// environment variable, instead of silently becoming the default.
@Suite("Settings")
struct SettingsTests {
  func reader(_ values: [String: String]) -> SettingsReader {
    var config: [AbsoluteConfigKey: ConfigValue] = [:]
    for (key, value) in values {
      config[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(.string(value), isSecret: false)
    }
    return SettingsReader(ConfigReader(provider: InMemoryProvider(values: config)))
  }

  @Test(
    "keys map to the environment variables the docs list",
    arguments: [
      ("abonent.grpc.port", "ABONENT_GRPC_PORT"),
      ("abonent.grpc.maxConcurrentStreams", "ABONENT_GRPC_MAX_CONCURRENT_STREAMS"),
      ("abonent.grpc.tls.privateKey", "ABONENT_GRPC_TLS_PRIVATE_KEY"),
      ("abonent.db.acquireTimeout", "ABONENT_DB_ACQUIRE_TIMEOUT"),
    ])
  func environmentNames(key: String, variable: String) {
    #expect(SettingsReader.environmentName(of: key) == variable)
  }

  @Test("durations, booleans and integers parse; defaults apply when absent")
  func parsing() throws {
    let reader = self.reader(["a.d": "250ms", "a.m": "5m", "a.b": "yes", "a.i": "42"])
    #expect(try reader.duration("a.d", default: .seconds(1)) == .milliseconds(250))
    #expect(try reader.duration("a.m", default: .seconds(1)) == .seconds(300))
    #expect(try reader.duration("a.absent", default: .seconds(7)) == .seconds(7))
    #expect(try reader.bool("a.b", default: false))
    #expect(try reader.int("a.i", default: 0, in: 0...100) == 42)
  }

  @Test(
    "malformed values fail naming the variable",
    arguments: [
      ("abonent.grpc.port", "http"),
      ("abonent.grpc.port", "70000"),
      ("abonent.grpc.plaintext", "maybe"),
      ("abonent.grpc.keepalive.time", "2 hours"),
    ])
  func malformed(key: String, value: String) {
    let error = #expect(throws: ConfigurationError.self) {
      try GRPCSettings(
        self.reader(["abonent.grpc.plaintext": "true"].merging([key: value]) { _, new in new }), defaultPort: 7403)
    }
    #expect(error?.message.contains(SettingsReader.environmentName(of: key)) == true, "\(error?.message ?? "")")
  }

  @Test("TLS is required unless plaintext is asked for, and the two cannot be combined")
  func tlsOrPlaintext() {
    #expect(throws: ConfigurationError.self) { try GRPCSettings(self.reader([:]), defaultPort: 7403) }
    #expect(throws: ConfigurationError.self) {
      try GRPCSettings(
        self.reader(["abonent.grpc.plaintext": "true", "abonent.grpc.tls.certificate": "/x.pem"]), defaultPort: 7403)
    }
    #expect(throws: ConfigurationError.self) {
      try GRPCSettings(
        self.reader(["abonent.grpc.plaintext": "true", "abonent.grpc.tls.clientCA": "/ca.pem"]), defaultPort: 7403)
    }
    #expect(throws: Never.self) {
      try GRPCSettings(
        self.reader(["abonent.grpc.tls.certificate": "/c.pem", "abonent.grpc.tls.privateKey": "/k.pem"]),
        defaultPort: 7403)
    }
  }

  @Test("the defaults are the documented ones")
  func defaults() throws {
    let settings = try GRPCSettings(self.reader(["abonent.grpc.plaintext": "true"]), defaultPort: 7403)
    #expect(settings.port == 7403)
    #expect(settings.host == "127.0.0.1")
    #expect(settings.maxRequestBytes == 4 * 1024 * 1024)
    #expect(settings.maxConcurrentStreams == 256)
    #expect(settings.gracePeriod == .seconds(30))
  }
}

/// The optional settings file: same names as the environment, the environment wins.
@Suite("Settings file")
struct SettingsFileTests {
  @Test("ABONENT_CONFIG_FILE is read, comments skipped, and the environment overrides it")
  func fileAndOverride() async throws {
    let path = "/tmp/abonent-settings-\(UInt64.random(in: 0...UInt64.max)).env"
    try "# a deployment's settings\nABONENT_GRPC_PORT=7777\nABONENT_DB_NAME=from_file\nABONENT_DB_PASSWORD=hunter2\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let config = try await SettingsSources.reader(environment: [
      "ABONENT_CONFIG_FILE": path, "ABONENT_DB_NAME": "from_env",
    ])
    let reader = SettingsReader(config)
    #expect(try reader.int("abonent.grpc.port", default: 1, in: 1...65535) == 7777)
    #expect(reader.string("abonent.db.name", default: "-") == "from_env")
    #expect(reader.optionalString("abonent.db.password", isSecret: true) == "hunter2")
  }

  @Test("a named file that does not exist stops the boot with a message naming it")
  func missingFile() async {
    let error = await #expect(throws: ConfigurationError.self) {
      _ = try await SettingsSources.reader(environment: ["ABONENT_CONFIG_FILE": "/nonexistent/abonent.env"])
    }
    #expect(error?.message.contains("ABONENT_CONFIG_FILE") == true)
    #expect(error?.message.contains("/nonexistent/abonent.env") == true)
  }
}
