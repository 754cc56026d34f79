public import Settings

/// The service account a service calls others with (keys under `abonent.serviceAccount.`,
/// environment `ABONENT_SERVICE_ACCOUNT_…`): its client id and secret, from Identity's
/// `CreateServiceAccount`, and where Identity answers `ServiceToken`. Identity itself needs
/// none: it signs its own tokens.
public struct ServiceAccountSettings: Sendable {
  /// `clientID` and `clientSecret` (secret).
  public var clientID: String
  public var clientSecret: String
  /// `identityAddress` (`host:port`) and `identityCAFile` (PEM; when set, TLS).
  public var identity: ClientSettings

  public init(clientID: String, clientSecret: String, identity: ClientSettings) {
    self.clientID = clientID
    self.clientSecret = clientSecret
    self.identity = identity
  }

  /// `nil` when no client id is set: the service then makes no authenticated calls.
  public init?(_ reader: SettingsReader) throws(ConfigurationError) {
    guard let clientID = reader.optionalString("abonent.serviceAccount.clientID") else { return nil }
    guard let secret = reader.optionalString("abonent.serviceAccount.clientSecret", isSecret: true) else {
      throw ConfigurationError(
        message:
          "abonent.serviceAccount.clientSecret (ABONENT_SERVICE_ACCOUNT_CLIENT_SECRET) is required with a client id")
    }
    self.clientID = clientID
    self.clientSecret = secret
    self.identity = try ClientSettings(
      address: reader.string("abonent.serviceAccount.identityAddress", default: "127.0.0.1:7401"),
      caFile: reader.optionalString("abonent.serviceAccount.identityCAFile"),
      key: "abonent.serviceAccount.identityAddress")
  }
}

extension ClientSettings {
  /// `host:port` from the setting `key`, over TLS trusting `caFile` when one is given.
  public init(address: String, caFile: String?, key: String) throws(ConfigurationError) {
    guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
      let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port)
    else {
      throw ConfigurationError(
        message: "\(key) (\(SettingsReader.environmentName(of: key))): expected host:port, got \(address)")
    }
    self.init(
      host: String(address[..<colon]), port: port, security: caFile.map { .tls(trustedCAPath: $0) } ?? .plaintext)
  }
}
