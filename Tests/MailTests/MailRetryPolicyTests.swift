import Configuration
import Mail
import Settings
import Testing

@Suite("Retry policy and settings")
struct MailRetryPolicyTests {
  let policy = MailRetryPolicy(initial: .seconds(30), maximum: .seconds(3600), maxAttempts: 5)

  @Test(
    "the wait doubles per attempt up to the cap",
    arguments: [(1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (60, 3600)])
  func doubling(attempt: Int, seconds: Int) {
    #expect(self.policy.delay(afterAttempt: attempt, jitter: 1) == .seconds(seconds))
  }

  @Test("jitter keeps the wait between half and all of it")
  func jitter() {
    #expect(self.policy.delay(afterAttempt: 2, jitter: 0.5) == .seconds(30))
    #expect(self.policy.delay(afterAttempt: 2, jitter: 0) == .seconds(30))
    for _ in 0..<100 {
      let delay = self.policy.delay(afterAttempt: 3)
      #expect(delay >= .seconds(60) && delay <= .seconds(120))
    }
  }

  @Test("a mail is given up after maxAttempts attempts")
  func exhaustion() {
    #expect(!self.policy.isExhausted(afterAttempt: 4))
    #expect(self.policy.isExhausted(afterAttempt: 5))
  }

  func settings(_ values: [String: String]) throws -> MailSettings {
    var config: [AbsoluteConfigKey: ConfigValue] = [:]
    for (key, value) in values {
      config[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(.string(value), isSecret: false)
    }
    return try MailSettings(SettingsReader(ConfigReader(provider: InMemoryProvider(values: config))))
  }

  @Test("defaults")
  func defaults() throws {
    let settings = try self.settings([:])
    #expect(settings.host == "127.0.0.1" && settings.port == 25 && settings.tls == .startTLS)
    #expect(settings.user == nil && settings.password == nil)
    #expect(settings.from == MailAddress("abonent@localhost"))
    #expect(settings.timeout == .seconds(30) && settings.pollInterval == .seconds(5) && settings.maxAttempts == 10)
    #expect(
      settings.retryInitial == .seconds(30) && settings.retryMax == .seconds(3600) && settings.lease == .seconds(300))
  }

  @Test("values are read and validated")
  func values() throws {
    let settings = try self.settings([
      "abonent.smtp.host": "relay.test", "abonent.smtp.port": "587", "abonent.smtp.tls": "required-starttls",
      "abonent.smtp.user": "robot", "abonent.smtp.password": "s3cret", "abonent.smtp.from": "billing@op.test",
      "abonent.smtp.fromName": "Биллинг", "abonent.smtp.retryInitial": "1s", "abonent.smtp.retryMax": "2m",
    ])
    #expect(settings.host == "relay.test" && settings.port == 587 && settings.tls == .requiredStartTLS)
    #expect(settings.user == "robot" && settings.password == "s3cret")
    #expect(settings.from == MailAddress("billing@op.test", name: "Биллинг"))
    #expect(settings.retryInitial == .seconds(1) && settings.retryMax == .seconds(120))
  }

  @Test(
    "bad values stop the boot",
    arguments: [
      ["abonent.smtp.tls": "ssl"], ["abonent.smtp.port": "0"], ["abonent.smtp.from": "nobody"],
      ["abonent.smtp.user": "robot"], ["abonent.smtp.retryInitial": "2h", "abonent.smtp.retryMax": "1h"],
    ])
  func invalid(values: [String: String]) {
    #expect(throws: ConfigurationError.self) { try self.settings(values) }
  }
}
