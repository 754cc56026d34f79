public import Settings

/// The SMTP relay and the delivery policy. Keys under `abonent.smtp.` (environment
/// `ABONENT_SMTP_…`); docs/configuration.md lists them with their defaults.
public struct MailSettings: Sendable {
  /// `host` (default `127.0.0.1`) and `port` (default 25): the relay every mail goes to.
  public var host: String
  public var port: Int
  /// `user` (default none) and `password` (secret, default none): when a user is set the client
  /// authenticates with AUTH PLAIN, or LOGIN if the relay offers only that.
  public var user: String?
  public var password: String?
  /// `tls` (`none`, `starttls`, `required-starttls`; default `starttls`): `starttls` upgrades
  /// when the relay offers it; `required-starttls` refuses to send in clear text.
  public var tls: TLSMode
  /// `tlsCaFile` (path to PEM, default the system's roots): the CAs trusted for the relay's certificate.
  public var tlsCAFile: String?
  /// `from` (default `abonent@localhost`) and `fromName` (default none): the sender of every mail.
  public var from: MailAddress
  /// `heloName` (default `localhost`): the name this host gives in EHLO/HELO.
  public var heloName: String
  /// `timeout` (duration, default 30s): to connect, and to wait for each reply of the relay.
  public var timeout: Duration
  /// `pollInterval` (duration, default 5s): how often a replica looks for due mail.
  public var pollInterval: Duration
  /// `batchSize` (default 20): how many due mails one replica claims per round.
  public var batchSize: Int
  /// `lease` (duration, default 5m): how long a claimed mail is hidden from other replicas; a
  /// replica that dies mid-send leaves the mail to be retried after it.
  public var lease: Duration
  /// `maxAttempts` (default 10): after this many failed attempts a mail is marked failed.
  public var maxAttempts: Int
  /// `retryInitial` (duration, default 30s) and `retryMax` (duration, default 1h): the wait after
  /// the first failure, doubling per attempt up to the cap, each wait jittered to 50–100%.
  public var retryInitial: Duration
  public var retryMax: Duration

  public enum TLSMode: String, Sendable {
    case none
    case startTLS = "starttls"
    case requiredStartTLS = "required-starttls"
  }

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    self.host = reader.string("abonent.smtp.host", default: "127.0.0.1")
    self.port = try reader.int("abonent.smtp.port", default: 25, in: 1...65535)
    self.user = reader.optionalString("abonent.smtp.user")
    self.password = reader.optionalString("abonent.smtp.password", isSecret: true)
    self.tls = try reader.oneOf(
      "abonent.smtp.tls", default: .startTLS,
      ["none": .none, "starttls": .startTLS, "required-starttls": .requiredStartTLS])
    self.tlsCAFile = reader.optionalString("abonent.smtp.tlsCaFile")
    self.from = MailAddress(
      reader.string("abonent.smtp.from", default: "abonent@localhost"),
      name: reader.optionalString("abonent.smtp.fromName"))
    guard self.from.isValid else {
      throw ConfigurationError(
        message: "abonent.smtp.from (ABONENT_SMTP_FROM): '\(self.from.address)' is not a mail address")
    }
    self.heloName = reader.string("abonent.smtp.heloName", default: "localhost")
    self.timeout = try reader.duration("abonent.smtp.timeout", default: .seconds(30))
    self.pollInterval = try reader.duration("abonent.smtp.pollInterval", default: .seconds(5))
    self.batchSize = try reader.int("abonent.smtp.batchSize", default: 20, in: 1...1000)
    self.lease = try reader.duration("abonent.smtp.lease", default: .seconds(300))
    self.maxAttempts = try reader.int("abonent.smtp.maxAttempts", default: 10, in: 1...1000)
    self.retryInitial = try reader.duration("abonent.smtp.retryInitial", default: .seconds(30))
    self.retryMax = try reader.duration("abonent.smtp.retryMax", default: .seconds(3600))
    if self.user != nil, self.password == nil {
      throw ConfigurationError(
        message: "abonent.smtp.password (ABONENT_SMTP_PASSWORD): required when ABONENT_SMTP_USER is set")
    }
    if self.retryMax < self.retryInitial {
      throw ConfigurationError(
        message: "abonent.smtp.retryMax (ABONENT_SMTP_RETRY_MAX): shorter than ABONENT_SMTP_RETRY_INITIAL")
    }
  }

  /// Settings for a relay at `host:port` with every other value at its default; for tests and tools.
  public init(host: String, port: Int, from: MailAddress, tls: TLSMode = .none) {
    self.host = host
    self.port = port
    self.user = nil
    self.password = nil
    self.tls = tls
    self.tlsCAFile = nil
    self.from = from
    self.heloName = "localhost"
    self.timeout = .seconds(30)
    self.pollInterval = .seconds(5)
    self.batchSize = 20
    self.lease = .seconds(300)
    self.maxAttempts = 10
    self.retryInitial = .seconds(30)
    self.retryMax = .seconds(3600)
  }
}

extension MailSettings: CustomStringConvertible {
  /// For logs: every setting but the password, which is only said to be set or not.
  public var description: String {
    "smtp://\(self.user.map { "\($0)@" } ?? "")\(self.host):\(self.port) tls=\(self.tls.rawValue) "
      + "password=\(self.password == nil ? "unset" : "<secret>") from=\(self.from.address)"
  }
}
