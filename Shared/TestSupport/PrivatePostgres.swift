#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// A PostgreSQL cluster of one test's own, on a free loopback port, that the test may stop and
/// start: outages cannot be staged on the shared test cluster without breaking every other
/// suite running at the same time. Started by scripts/lib.sh's helpers (as the `postgres`
/// user), so it is the same server the scripts run; a first start runs initdb (seconds).
public final class PrivatePostgres: Sendable {
  public let port: Int
  let folder: String

  /// Whether this machine can run one: the PostgreSQL server binaries and the `postgres` user.
  public static let canStart: Bool = {
    let binaries = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
    return !binaries.isEmpty && getpwnam("postgres") != nil
  }()

  /// Creates and starts a cluster in a fresh folder under the project's `var/`.
  public static func start() async throws -> PrivatePostgres {
    let folder = TestScripts.repositoryRoot + "/var/pg-outage-" + UUID().uuidString.prefix(8).lowercased()
    let server = PrivatePostgres(port: try TestScripts.freePort(), folder: folder)
    try await server.start()
    return server
  }

  init(port: Int, folder: String) {
    self.port = port
    self.folder = folder
  }

  /// Starts the cluster again (`pg_ctl start`), returning once it accepts connections.
  public func start() async throws {
    try await TestScripts.lib("start_private_postgres \"$1\" \"$2\" fast", self.folder, "\(self.port)")
  }

  /// Stops it (`pg_ctl stop -m fast`): sessions are terminated, the port closes.
  public func stop() async throws {
    try await TestScripts.lib("stop_private_postgres \"$1\"", self.folder)
  }

  /// Stops it and deletes its folder.
  public func remove() async {
    try? await self.stop()
    try? FileManager.default.removeItem(atPath: self.folder)
  }
}
