public import Settings

/// Where a service's database is. Keys under `abonent.db.` (environment `ABONENT_DB_…`);
/// docs/configuration.md lists them.
public struct DatabaseSettings: Sendable {
  /// `host` (default `127.0.0.1`) and `port` (default 5432).
  public var host: String
  public var port: Int
  /// `user` (default `postgres`) and `password` (secret, default none).
  public var user: String
  public var password: String?
  /// `name`: the service's own database (default `abonent_<service>`).
  public var database: String
  /// `tls` (`disable`, `prefer` or `require`; default `prefer`).
  public var tls: TLSMode
  /// `maxConnections` (default 20): the pool's size per replica.
  public var maxConnections: Int
  /// `connectTimeout` (duration, default 10s).
  public var connectTimeout: Duration
  /// `acquireTimeout` (duration, default 5s): how long a call waits for a pooled connection
  /// before failing with UNAVAILABLE; never past the call's own deadline (`grpc-timeout`).
  public var acquireTimeout: Duration
  /// `probeInterval` (duration, default 500ms): once a connection attempt to the database has
  /// failed, calls are refused at once with UNAVAILABLE, and the server is probed this often
  /// until it accepts connections again.
  public var probeInterval: Duration

  public enum TLSMode: String, Sendable {
    case disable, prefer, require
  }

  public init(_ reader: SettingsReader, serviceName: String) throws(ConfigurationError) {
    self.host = reader.string("abonent.db.host", default: "127.0.0.1")
    self.port = try reader.int("abonent.db.port", default: 5432, in: 1...65535)
    self.user = reader.string("abonent.db.user", default: "postgres")
    self.password = reader.optionalString("abonent.db.password", isSecret: true)
    self.database = reader.string("abonent.db.name", default: "abonent_\(serviceName)")
    self.tls = try reader.oneOf(
      "abonent.db.tls", default: .prefer, ["disable": .disable, "prefer": .prefer, "require": .require])
    self.maxConnections = try reader.int("abonent.db.maxConnections", default: 20, in: 1...1000)
    self.connectTimeout = try reader.duration("abonent.db.connectTimeout", default: .seconds(10))
    self.acquireTimeout = try reader.duration("abonent.db.acquireTimeout", default: .seconds(5))
    self.probeInterval = try reader.duration("abonent.db.probeInterval", default: .milliseconds(500))
    guard self.probeInterval > .zero else {
      throw ConfigurationError(message: "abonent.db.probeInterval (ABONENT_DB_PROBE_INTERVAL): must be more than 0")
    }
  }

  public init(host: String, port: Int, user: String, password: String?, database: String) {
    self.host = host
    self.port = port
    self.user = user
    self.password = password
    self.database = database
    self.tls = .disable
    self.maxConnections = 10
    self.connectTimeout = .seconds(10)
    self.acquireTimeout = .seconds(2)
    self.probeInterval = .milliseconds(500)
  }
}
