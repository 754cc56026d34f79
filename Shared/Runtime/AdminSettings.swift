public import Settings

/// The operations HTTP port. Keys under `abonent.admin.` (environment `ABONENT_ADMIN_…`).
public struct AdminSettings: Sendable {
  /// `host` (default `127.0.0.1`) and `port` (default: the gRPC port + 100; 0 = any free port).
  public var host: String
  public var port: Int

  public init(_ reader: SettingsReader, defaultPort: Int) throws(ConfigurationError) {
    self.host = reader.string("abonent.admin.host", default: "127.0.0.1")
    self.port = try reader.int("abonent.admin.port", default: defaultPort, in: 0...65535)
  }
}
