#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// A FreeRADIUS of one test's own (Debian's freeradius 3.2 with rlm_sql and PostgreSQL),
/// started by scripts/lib.sh's `start_freeradius`, so it is the server the scripts run. It
/// authenticates against one database of the test PostgreSQL, on 127.0.0.1: authentication on
/// ``authPort``, accounting on ``accountingPort``, one client (127.0.0.1) with ``secret``.
public final class PrivateFreeRADIUS: Sendable {
  public let authPort: Int
  public var accountingPort: Int { self.authPort + 1 }
  public let secret = "testing123"
  /// Its folder: `raddb/`, `log/`, `freeradius.log`, `freeradius.pid`.
  public let folder: String

  /// Whether this machine can run one: FreeRADIUS installed, by `ensure_freeradius` if missing.
  public static let canStart: Bool = TestScripts.libBlocking("ensure_freeradius >/dev/null")

  /// Starts one for database `database` of the PostgreSQL on 127.0.0.1:`databasePort`.
  public static func start(databasePort: Int, database: String) async throws -> PrivateFreeRADIUS {
    let folder = TestScripts.repositoryRoot + "/var/radius-" + UUID().uuidString.prefix(8).lowercased()
    let server = PrivateFreeRADIUS(authPort: try Self.freeUDPPortPair(), folder: folder)
    try await TestScripts.lib(
      "start_freeradius \"$1\" \"$2\" \"$3\" \"$4\" \"$5\"", folder, String(server.authPort), String(databasePort),
      database, server.secret)
    return server
  }

  init(authPort: Int, folder: String) {
    self.authPort = authPort
    self.folder = folder
  }

  /// Stops it and deletes its folder.
  public func remove() async {
    try? await TestScripts.lib("stop_freeradius \"$1\"", self.folder)
    try? FileManager.default.removeItem(atPath: self.folder)
  }

  /// Runs `with` the arguments as FreeRADIUS's own client tools take them (radtest, radclient),
  /// returning what they printed (a reject or no answer is in the text, not an error).
  public func tool(_ command: String) async throws -> String {
    try await TestScripts.libOutput(command + " 2>&1 || true")
  }

  /// A port P such that UDP ports P and P + 1 are free on 127.0.0.1 now (another process may
  /// take them before FreeRADIUS does; the start then fails and says so).
  static func freeUDPPortPair() throws -> Int {
    for _ in 0..<50 {
      let port = Int.random(in: 20_000...59_000)
      if Self.udpFree(port) && Self.udpFree(port + 1) { return port }
    }
    throw TestScriptError(message: "no free pair of UDP ports")
  }

  static func udpFree(_ port: Int) -> Bool {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard socket >= 0 else { return false }
    defer { close(socket) }
    return Socket.withLoopback(port: port) { bind(socket, $0, $1) == 0 }
  }
}
