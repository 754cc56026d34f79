public import RPC
public import Settings

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Identity's own settings. Keys under `abonent.identity.` (environment `ABONENT_IDENTITY_…`);
/// docs/identity.md lists them with their defaults.
public struct IdentitySettings: Sendable {
  /// `loginPrefix` (default `vk`): a company's login is this + its contract number.
  public var loginPrefix: String
  /// `passwordMinLength` (default 8, 6–128).
  public var passwordMinLength: Int
  /// `accessTokenLifetime` (default 15m).
  public var accessTokenLifetime: Duration
  /// `sessionLifetime` (default 12h): refresh lifetime of a browser session.
  public var sessionLifetime: Duration
  /// `rememberMeLifetime` (default 720h = 30 days): refresh lifetime with "remember me".
  public var rememberMeLifetime: Duration
  /// `lockoutThreshold` (default 5) failed sign-ins lock an account for `lockoutDuration` (default 15m).
  public var lockoutThreshold: Int
  public var lockoutDuration: Duration
  /// `codeLifetime` (default 24h): confirmation, e-mail change and invitation codes.
  public var codeLifetime: Duration
  /// `codeAttempts` (default 5): wrong entries before a code stops working.
  public var codeAttempts: Int
  /// `resendInterval` (default 60s): the shortest pause between two confirmation e-mails.
  public var resendInterval: Duration
  /// `recoveryLifetime` (default 1h): a password-reset control string.
  public var recoveryLifetime: Duration
  /// `cabinetURL` (default `http://127.0.0.1:8080/cabinet`): base of the links in e-mails.
  public var cabinetURL: String
  /// `keyEncryptionKey` (secret, base64 of 32 bytes, required): seals the token-signing private
  /// keys stored in the database. `openssl rand -base64 32` makes one.
  public var keyEncryptionKey: [UInt8]
  /// `scryptLog2N` (default 15, 10–20), `scryptR` (default 8), `scryptP` (default 1): password
  /// hashing cost. Raising them rehashes each password at its next sign-in.
  public var scrypt: ScryptParameters
  /// `adminEmail` and `adminPassword` (secret): the operator administrator created on the
  /// first start. Without a password one is generated and printed once.
  public var adminEmail: String
  public var adminPassword: String?
  /// `billingAddress` (`host:port`, default empty): the Billing service Identity asks whether a
  /// tax id holds a contract or account, when a company registers and when a password is
  /// reset. Empty switches the check off (a deployment without Billing); when set and Billing
  /// cannot be reached, those calls fail with UNAVAILABLE instead of skipping the check.
  public var billingAddress: (host: String, port: Int)?
  /// `billingCAFile` (default empty): PEM of the CA that signed Billing's certificate; when
  /// set, Identity calls Billing over TLS.
  public var billingCAFile: String?
  /// Deadline, retries, keepalive and reconnects of the calls to Billing: `abonent.clients.billing.*`
  /// (docs/configuration.md).
  public var billingClient: ServiceClientOptions

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    self.loginPrefix = reader.string("abonent.identity.loginPrefix", default: "vk")
    self.passwordMinLength = try reader.int("abonent.identity.passwordMinLength", default: 8, in: 6...128)
    self.accessTokenLifetime = try reader.duration("abonent.identity.accessTokenLifetime", default: .seconds(900))
    self.sessionLifetime = try reader.duration("abonent.identity.sessionLifetime", default: .seconds(12 * 3600))
    self.rememberMeLifetime = try reader.duration("abonent.identity.rememberMeLifetime", default: .seconds(30 * 86400))
    self.lockoutThreshold = try reader.int("abonent.identity.lockoutThreshold", default: 5, in: 1...100)
    self.lockoutDuration = try reader.duration("abonent.identity.lockoutDuration", default: .seconds(900))
    self.codeLifetime = try reader.duration("abonent.identity.codeLifetime", default: .seconds(86400))
    self.codeAttempts = try reader.int("abonent.identity.codeAttempts", default: 5, in: 1...100)
    self.resendInterval = try reader.duration("abonent.identity.resendInterval", default: .seconds(60))
    self.recoveryLifetime = try reader.duration("abonent.identity.recoveryLifetime", default: .seconds(3600))
    self.cabinetURL = reader.string("abonent.identity.cabinetURL", default: "http://127.0.0.1:8080/cabinet")
    guard let kek = reader.optionalString("abonent.identity.keyEncryptionKey", isSecret: true) else {
      throw ConfigurationError(
        message:
          "abonent.identity.keyEncryptionKey (ABONENT_IDENTITY_KEY_ENCRYPTION_KEY) is required: base64 of 32 random bytes, e.g. from `openssl rand -base64 32`"
      )
    }
    guard let bytes = Data(base64Encoded: kek), bytes.count == 32 else {
      throw ConfigurationError(
        message:
          "abonent.identity.keyEncryptionKey (ABONENT_IDENTITY_KEY_ENCRYPTION_KEY): not base64 of exactly 32 bytes")
    }
    self.keyEncryptionKey = Array(bytes)
    self.scrypt = ScryptParameters(
      log2N: try reader.int("abonent.identity.scryptLog2N", default: 15, in: 10...20),
      r: try reader.int("abonent.identity.scryptR", default: 8, in: 1...32),
      p: try reader.int("abonent.identity.scryptP", default: 1, in: 1...16))
    self.adminEmail = reader.string("abonent.identity.adminEmail", default: "admin@abonent.local")
    self.adminPassword = reader.optionalString("abonent.identity.adminPassword", isSecret: true)
    self.billingAddress = nil
    if let address = reader.optionalString("abonent.identity.billingAddress"), !address.isEmpty {
      guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
        (1...65535).contains(port),
        colon != address.startIndex
      else {
        throw ConfigurationError(
          message:
            "abonent.identity.billingAddress (ABONENT_IDENTITY_BILLING_ADDRESS): expected host:port, got \(address)")
      }
      self.billingAddress = (String(address[..<colon]), port)
    }
    self.billingCAFile = reader.optionalString("abonent.identity.billingCAFile").flatMap { $0.isEmpty ? nil : $0 }
    self.billingClient = try ServiceClientOptions(reader, dependency: "billing")
  }
}
